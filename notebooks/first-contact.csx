// Imported first by setup.csx, in its own submission, so it runs before the `#r` of the helpers is compiled: in a fresh
// clone the helpers are not built yet, so build them here once (the kernel runs in the notebooks folder).
if (!System.IO.File.Exists("../helpers/lib/ConcurrencyNotebooks.dll"))
{
    Console.WriteLine("First run: building the helpers (dotnet build helpers/NotebookRunner), about a minute...");
    var firstContactBuild = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
        Environment.ProcessPath ?? "dotnet", "build ../helpers/NotebookRunner -v q -nologo")
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    })!;
    var firstContactOutput = firstContactBuild.StandardOutput.ReadToEndAsync();
    var firstContactErrors = firstContactBuild.StandardError.ReadToEndAsync();
    firstContactBuild.WaitForExit();
    Console.WriteLine(firstContactBuild.ExitCode == 0 && System.IO.File.Exists("../helpers/lib/ConcurrencyNotebooks.dll")
        ? "The helpers are built; loading them."
        : "The helpers could not be built here: run `dotnet build helpers/NotebookRunner` in the repository "
            + "root, fix what it reports, then restart the kernel.\n" + firstContactOutput.Result + firstContactErrors.Result);
}
