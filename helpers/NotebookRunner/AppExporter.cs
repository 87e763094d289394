using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookRunner;

/// <summary>Writes a notebook as a .NET 10 file-based app (<c>dotnet run app.cs</c>): <c>#:project</c> to the helpers, the
/// code cells in order, the markdown as comments and its headings printed.</summary>
/// <remarks>
/// <para>The kernel runs each cell as its own submission; one file is one block of top-level statements. So: usings move
/// to the top; a cell's last expression (no semicolon) becomes <c>NotebookApp.Show(…)</c>; a name declared again in a
/// later cell is renamed from that cell on (<c>all</c> → <c>all_16</c>); a cell tagged <c>raises-exception</c> runs inside
/// a try that reports the throw and goes on (its local functions stay outside, so later cells can call them); types go
/// after the statements. What cannot be translated is an <see cref="AppExportException"/> naming the cell.</para>
/// <para>Deterministic: the same notebook always gives the same bytes, so the suite can compare a committed app with its notebook.</para>
/// </remarks>
internal static partial class AppExporter
{
    /// <summary>The folder, next to the notebooks, that holds the apps.</summary>
    public const string AppsFolderName = "apps";

    /// <summary>The command that regenerates every app, as the generated header and the README give it.</summary>
    public const string ExportCommand = "dotnet run --project helpers/NotebookRunner -- export-apps";

    private const string HelpersLibraryFileName = "ConcurrencyNotebooks.dll";

    // setup.csx imports it to build the helpers on a kernel's first contact with a fresh clone; an app has #:project instead.
    private const string FirstContactScript = "first-contact.csx";

    // The library; its build brings the worker host next to it, which the process pool needs.
    private const string HelpersProject = "helpers/ConcurrencyNotebooks/ConcurrencyNotebooks.csproj";

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly CSharpParseOptions ScriptOptions = ParseOptions.WithKind(SourceCodeKind.Script);

    // The kernel's own usings for every C# cell; a file-based app must say them (it has only the SDK's implicit ones).
    private static readonly string[] KernelUsings =
    [
        "using System;", "using System.Collections.Generic;", "using System.IO;", "using System.Linq;",
        "using System.Net.Http;", "using System.Text;", "using System.Threading;", "using System.Threading.Tasks;",
    ];

    /// <summary>Returns the app path for a notebook: <c>notebooks/apps/NN-name.cs</c> for <c>notebooks/NN-name.ipynb</c>.</summary>
    /// <param name="notebookPath">The notebook.</param>
    /// <returns>The app's full path.</returns>
    public static string AppPathFor(string notebookPath)
    {
        var full = Path.GetFullPath(notebookPath);
        return Path.Combine(Path.GetDirectoryName(full)!, AppsFolderName, Path.GetFileNameWithoutExtension(full) + ".cs");
    }

    /// <summary>Renders the app of a notebook file, for <see cref="AppPathFor"/>.</summary>
    /// <param name="notebookPath">The notebook.</param>
    /// <returns>The app's source text.</returns>
    /// <exception cref="AppExportException">A cell cannot be translated; the message names it.</exception>
    public static string Render(string notebookPath)
    {
        var full = Path.GetFullPath(notebookPath);
        var repository = RepositoryLocator.FindRepositoryRoot(Path.GetDirectoryName(full));
        return Render(NotebookDocument.Load(full), full, Path.GetDirectoryName(AppPathFor(full))!, repository);
    }

    /// <summary>Renders a notebook as an app that will live in <paramref name="appDirectory"/>.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="notebookPath">Its path: names the app and resolves <c>#!import</c>.</param>
    /// <param name="appDirectory">The folder the app is written to (its <c>#:project</c> path is relative to it).</param>
    /// <param name="repositoryRoot">The repository root (holds <c>helpers/</c>).</param>
    /// <returns>The app's source text.</returns>
    /// <exception cref="AppExportException">A cell cannot be translated; the message names it.</exception>
    public static string Render(NotebookDocument notebook, string notebookPath, string appDirectory, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var context = new ExportContext(name, Path.GetDirectoryName(Path.GetFullPath(notebookPath))!);
        context.NotebookFolderFromApp = Path.GetRelativePath(appDirectory, context.NotebookDirectory).Replace('\\', '/');
        var body = new StringBuilder();
        foreach (var cell in notebook.Cells)
        {
            if (cell.CellType == "markdown")
            {
                WriteMarkdown(body, cell.Source);
            }
            else if (cell.IsCode)
            {
                WriteCode(body, cell, context);
            }
        }

        if (!context.HasSetup)
        {
            body.Insert(0, SetupPlaceholder + "\n\n");
        }

        var relativeRoot = Path.GetRelativePath(appDirectory, repositoryRoot).Replace('\\', '/');
        var notebookRelative = Path.GetRelativePath(repositoryRoot, Path.GetFullPath(notebookPath)).Replace('\\', '/');
        var app = new StringBuilder();
        foreach (var project in context.Projects)
        {
            app.Append("#:project ").Append(relativeRoot).Append('/').Append(project).Append('\n');
        }

        foreach (var package in context.Packages)
        {
            app.Append("#:package ").Append(package).Append('\n');
        }

        // Not a native app: the process pool, charts and formatters use reflection.
        app.Append("#:property PublishAot=false\n");
        app.Append($"// Generated from {notebookRelative} by:\n//   {ExportCommand}\n");
        app.Append("// Do not edit: change the notebook and run that command again (a test fails when they differ).\n");
        app.Append($"// Run it from the repository root: dotnet run {Path.GetRelativePath(repositoryRoot, Path.Combine(appDirectory, name + ".cs")).Replace('\\', '/')}\n");
        foreach (var line in context.AppUsings)
        {
            app.Append(line).Append('\n');
        }

        app.Append('\n').Append(body).Append("return NotebookApp.Finish();\n");
        foreach (var type in context.Types)
        {
            app.Append('\n').Append(type.TrimEnd()).Append('\n');
        }

        return app.Replace(SetupPlaceholder, SetupCall(context)).ToString();
    }

    /// <summary>Writes the app of each notebook and returns the paths written (unchanged files are not touched).</summary>
    /// <param name="notebookPaths">The notebooks.</param>
    /// <returns>The app paths, in notebook order.</returns>
    /// <exception cref="AppExportException">A cell cannot be translated; nothing of that notebook is written.</exception>
    public static IReadOnlyList<string> ExportAll(IEnumerable<string> notebookPaths)
    {
        ArgumentNullException.ThrowIfNull(notebookPaths);
        var written = new List<string>();
        foreach (var notebook in notebookPaths)
        {
            var path = AppPathFor(notebook);
            var text = Render(notebook);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path) || File.ReadAllText(path) != text)
            {
                File.WriteAllText(path, text);
            }

            written.Add(path);
        }

        return written;
    }

    private const string SetupPlaceholder = "\u0001SETUP\u0001";

    private static string SetupCall(ExportContext context)
    {
        var call = new StringBuilder("NotebookApp.Setup(").Append(Literal(context.Name)).Append(", ")
            .Append(Literal(context.NotebookFolderFromApp)).Append(", [");
        // The kernel's usings are the process pool's defaults; the others are what a lambda sent to a worker may need.
        foreach (var line in context.AppUsings.Except(KernelUsings, StringComparer.Ordinal))
        {
            call.Append("\n    ").Append(Literal(line)).Append(',');
        }

        return call.Append("\n]);").ToString();
    }

    private static void WriteMarkdown(StringBuilder body, string source)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var headings = new List<string>();
        var inFence = false;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            body.Append(line.Length == 0 ? "//" : "// " + line).Append('\n');
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (!inFence && Heading().IsMatch(line))
            {
                headings.Add(line);
            }
        }

        foreach (var heading in headings)
        {
            body.Append("NotebookApp.Heading(").Append(Literal(heading)).Append(");\n");
        }

        body.Append('\n');
    }

    private static void WriteCode(StringBuilder body, NotebookCell cell, ExportContext context)
    {
        if (cell.KernelName != "csharp")
        {
            throw new AppExportException(cell, $"it is a {cell.KernelName} cell; an app holds only C#.");
        }

        var source = TranslateMagics(cell, cell.Source, context);
        body.Append($"// ---- cell {cell.Number}{(cell.ExpectsError ? " (an exercise check: it throws until the exercise is answered)" : "")}\n");
        body.Append($"await NotebookApp.Cell({cell.Number});\n");
        var text = TranslateCode(cell, source, context);
        body.Append(text.TrimEnd('\n', ' ', '\r')).Append("\n\n");
    }

    private static string TranslateMagics(NotebookCell cell, string source, ExportContext context)
    {
        var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder();
        foreach (var line in lines)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("#!import ", StringComparison.Ordinal))
            {
                var file = Path.GetFullPath(Path.Combine(context.NotebookDirectory, trimmed["#!import ".Length..].Trim().Trim('"')));
                if (Path.GetFileName(file) == FirstContactScript)
                {
                    continue; // the app builds the helpers through its #:project
                }

                if (!File.Exists(file) || Path.GetExtension(file) != ".csx")
                {
                    throw new AppExportException(cell, $"'{trimmed}' does not name a .csx file next to the notebook ({file}): " +
                        "the app inlines an imported script (setup, solutions) as the cell's code, so the file must exist.");
                }

                output.Append(TranslateMagics(cell, File.ReadAllText(file), context)).Append('\n');
            }
            else if (trimmed.StartsWith("#r ", StringComparison.Ordinal))
            {
                TranslateReference(cell, trimmed["#r ".Length..].Trim().Trim('"'), context);
            }
            else if (trimmed.StartsWith("#!", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal))
            {
                throw new AppExportException(cell, $"the magic command '{trimmed}' has no file-based app equivalent.");
            }
            else
            {
                output.Append(line).Append('\n');
            }
        }

        return output.ToString();
    }

    private static void TranslateReference(NotebookCell cell, string reference, ExportContext context)
    {
        if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = reference["nuget:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            context.AddPackage(parts.Length > 1 ? $"{parts[0]}@{parts[1]}" : parts[0]);
        }
        else if (Path.GetFileName(reference) == HelpersLibraryFileName)
        {
            context.AddProject(HelpersProject);
        }
        else
        {
            throw new AppExportException(cell, $"'#r \"{reference}\"' references an assembly the exporter cannot map to a project or package.");
        }
    }

    private static string TranslateCode(NotebookCell cell, string source, ExportContext context)
    {
        // A script (as the kernel parses a cell) may end with an expression and no semicolon: its value is displayed.
        var script = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(source, ScriptOptions).GetRoot();
        var trailing = script.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last };
        if (trailing)
        {
            source = source.Insert(((ExpressionStatementSyntax)((GlobalStatementSyntax)script.Members[^1]).Statement).Expression.Span.End, ";");
        }

        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions);
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var statements = root.Members.OfType<GlobalStatementSyntax>().ToList();
        trailing &= statements.Count > 0 && statements[^1].Statement is ExpressionStatementSyntax;
        var errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new AppExportException(cell, $"it does not parse as C#: {errors[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture)} ({errors[0].Location.GetLineSpan().StartLinePosition}).");
        }

        foreach (var member in root.Members.Where(m => m is not GlobalStatementSyntax))
        {
            if (member is not (BaseTypeDeclarationSyntax or DelegateDeclarationSyntax))
            {
                throw new AppExportException(cell, $"its top-level '{member.GetFirstToken().Text}' declaration cannot stand in an app.");
            }
        }

        foreach (var directive in root.Usings)
        {
            context.AddUsing(directive.WithoutTrivia().NormalizeWhitespace(eol: "\n").ToFullString());
        }

        // Rename what this cell declares again, from this cell on; then rewrite the cell with every rename in force.
        var declared = statements.SelectMany(s => TopLevelNames(s.Statement)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in declared)
        {
            context.Declare(name, cell.Number);
        }

        root = (CompilationUnitSyntax)new Renamer(context.Renames).Visit(root);
        statements = root.Members.OfType<GlobalStatementSyntax>().ToList();
        foreach (var type in root.Members.Where(m => m is not GlobalStatementSyntax))
        {
            context.Types.Add(type.ToFullString());
        }

        var pieces = statements.Select((s, i) => i == statements.Count - 1 && trailing ? ShowCall(s) : Text(s, context)).ToList();
        if (!cell.ExpectsError)
        {
            return string.Concat(pieces);
        }

        var functions = statements.Select((s, i) => (s, i)).Where(p => p.s.Statement is LocalFunctionStatementSyntax).ToList();
        var rest = statements.Select((s, i) => (s, i)).Where(p => p.s.Statement is not LocalFunctionStatementSyntax).ToList();
        var escaping = rest.SelectMany(p => TopLevelNames(p.s.Statement)).ToList();
        if (escaping.Count > 0)
        {
            throw new AppExportException(cell, $"it is tagged raises-exception and declares '{escaping[0]}': the app runs the cell's statements " +
                "inside a try, where later cells could not see it. Declare it in another cell.");
        }

        var text = new StringBuilder();
        foreach (var (_, i) in functions)
        {
            text.Append(pieces[i]);
        }

        text.Append("try\n{\n");
        text.Append(Indent(string.Concat(rest.Select(p => pieces[p.i])).Trim('\n', '\r')));
        text.Append("\n    NotebookApp.DidNotThrow();\n}\ncatch (Exception exerciseCheckException)\n{\n");
        text.Append("    NotebookApp.ThrewAsExpected(exerciseCheckException);\n}\n");
        return text.ToString();
    }

    private static string Text(GlobalStatementSyntax statement, ExportContext context)
    {
        if (statement.Statement is ExpressionStatementSyntax
            {
                Expression: InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "Notebook" }, Name.Identifier.Text: "Setup" },
                    ArgumentList.Arguments.Count: 0,
                },
            } setup)
        {
            context.HasSetup = true;
            return setup.GetLeadingTrivia().ToFullString() + SetupPlaceholder + setup.GetTrailingTrivia().ToFullString();
        }

        return statement.ToFullString();
    }

    private static string ShowCall(GlobalStatementSyntax statement)
    {
        var expression = ((ExpressionStatementSyntax)statement.Statement).Expression;
        return expression.GetLeadingTrivia().ToFullString() + "NotebookApp.Show(" + expression.WithoutTrivia().ToFullString() + ");"
            + expression.GetTrailingTrivia().ToFullString().TrimEnd() + "\n";
    }

    /// <summary>Indents code by four spaces, except lines that start inside a string literal (their text must not change).</summary>
    private static string Indent(string code)
    {
        var root = CSharpSyntaxTree.ParseText(code, ParseOptions).GetRoot();
        var text = new StringBuilder();
        var position = 0;
        foreach (var line in code.Split('\n'))
        {
            var token = root.FindToken(position);
            var insideString = token.SpanStart < position && token.Span.End > position && IsStringToken(token);
            text.Append(insideString || line.Length == 0 ? "" : "    ").Append(line).Append('\n');
            position += line.Length + 1;
        }

        return text.ToString().TrimEnd('\n');
    }

    private static bool IsStringToken(SyntaxToken token) => token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken
        or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.InterpolatedRawStringEndToken
        or SyntaxKind.Utf8StringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken;

    /// <summary>The names a top-level statement declares in the cell's scope (kernel fields): locals, local functions, out vars.</summary>
    internal static IEnumerable<string> TopLevelNames(StatementSyntax statement)
    {
        switch (statement)
        {
            case LocalDeclarationStatementSyntax local:
                foreach (var variable in local.Declaration.Variables)
                {
                    yield return variable.Identifier.Text;
                }

                foreach (var name in Designations(local.Declaration))
                {
                    yield return name;
                }

                break;
            case LocalFunctionStatementSyntax function:
                yield return function.Identifier.Text;
                break;
            case ExpressionStatementSyntax expression:
                foreach (var name in Designations(expression.Expression))
                {
                    yield return name;
                }

                break;
            case IfStatementSyntax conditional:
                // An out variable of an if condition is in scope after the if.
                foreach (var name in Designations(conditional.Condition))
                {
                    yield return name;
                }

                break;
        }
    }

    private static IEnumerable<string> Designations(SyntaxNode node) =>
        node.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BlockSyntax))
            .OfType<SingleVariableDesignationSyntax>()
            .Select(d => d.Identifier.Text);

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

    [GeneratedRegex("^#{1,6} ")]
    private static partial Regex Heading();

    /// <summary>What an export collects across cells: usings, references, renames and types.</summary>
    private sealed class ExportContext(string name, string notebookDirectory)
    {
        private readonly Dictionary<string, int> _declaredIn = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        public string NotebookDirectory { get; } = notebookDirectory;

        public List<string> Projects { get; } = [];

        public List<string> Packages { get; } = [];

        public List<string> Usings { get; } = [.. KernelUsings];

        public List<string> Types { get; } = [];

        public Dictionary<string, string> Renames { get; } = new(StringComparer.Ordinal);

        public bool HasSetup { get; set; }

        public string NotebookFolderFromApp { get; set; } = ".";

        public IEnumerable<string> AppUsings => Usings.Append("using ConcurrencyNotebooks.Apps;").Distinct(StringComparer.Ordinal);

        public void AddUsing(string directive)
        {
            if (!Usings.Contains(directive))
            {
                Usings.Add(directive);
            }
        }

        public void AddProject(string project)
        {
            if (!Projects.Contains(project))
            {
                Projects.Add(project);
            }
        }

        public void AddPackage(string package)
        {
            if (!Packages.Contains(package))
            {
                Packages.Add(package);
            }
        }

        /// <summary>Records a top-level declaration; a name declared before is renamed from this cell on.</summary>
        public void Declare(string name, int cellNumber)
        {
            if (_declaredIn.ContainsKey(name))
            {
                Renames[name] = $"{name}_{cellNumber}";
            }

            _declaredIn[name] = cellNumber;
        }
    }

    /// <summary>Renames identifiers (declarations and uses) by text, leaving member names (<c>x.all</c>, <c>all:</c>, <c>{ all = … }</c>) alone;
    /// turns the kernel's <c>x.Display()</c> and <c>x.DisplayAs(mime)</c> into <c>NotebookApp.Show(x)</c> and <c>NotebookApp.ShowAs(x, mime)</c>.</summary>
    private sealed class Renamer(IReadOnlyDictionary<string, string> renames) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitInvocationExpression(InvocationExpressionSyntax node)
        {
            var visited = (InvocationExpressionSyntax)base.VisitInvocationExpression(node)!;
            if (visited.Expression is not MemberAccessExpressionSyntax { Name.Identifier.Text: "Display" or "DisplayAs" } access)
            {
                return visited;
            }

            var method = access.Name.Identifier.Text == "Display" ? "Show" : "ShowAs";
            if (method == "ShowAs" && visited.ArgumentList.Arguments.Count != 1)
            {
                return visited; // DisplayAs(mime, more mimes…) has no app twin; the build names it
            }

            var arguments = visited.ArgumentList.Arguments.Count == 0 ? "" : ", " + visited.ArgumentList.Arguments.ToFullString();
            return SyntaxFactory.ParseExpression($"NotebookApp.{method}({access.Expression.WithoutTrivia().ToFullString()}{arguments})")
                .WithTriviaFrom(visited);
        }

        public override SyntaxToken VisitToken(SyntaxToken token)
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken) || !renames.TryGetValue(token.Text, out var renamed) || IsMemberName(token))
            {
                return token;
            }

            return SyntaxFactory.Identifier(token.LeadingTrivia, renamed, token.TrailingTrivia);
        }

        private static bool IsMemberName(SyntaxToken token) => token.Parent switch
        {
            IdentifierNameSyntax name => name.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Name == name,
                MemberBindingExpressionSyntax => true,
                QualifiedNameSyntax qualified => qualified.Right == name,
                NameColonSyntax or NameEqualsSyntax => true,
                AssignmentExpressionSyntax assignment => assignment.Left == name && assignment.Parent is InitializerExpressionSyntax,
                _ => false,
            },
            VariableDeclaratorSyntax or SingleVariableDesignationSyntax or LocalFunctionStatementSyntax or ParameterSyntax
                or ForEachStatementSyntax or CatchDeclarationSyntax => false,
            _ => true,
        };
    }
}
