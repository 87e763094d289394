// The set-up every notebook imports with its first cell, `#!import setup.csx`: the helpers library, the usings
// the lessons need, then offline charts and one line about the machine and the time scale. first-contact.csx runs first,
// as its own submission: it builds the helpers when a fresh clone has not built them yet.
#!import first-contact.csx
#r "../helpers/lib/ConcurrencyNotebooks.dll"
using System.Diagnostics;
using System.IO;
using System.Threading;
using ConcurrencyNotebooks;
using ConcurrencyNotebooks.Charts;
using ConcurrencyNotebooks.Claims;
using ConcurrencyNotebooks.Demos;
using ConcurrencyNotebooks.Exercises;
using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Shipping;
using ConcurrencyNotebooks.Timelines;
Notebook.Setup();
