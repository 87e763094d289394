using ConcurrencyNotebooks.Processes;
using ConcurrencyNotebooks.Shipping;
using ConcurrencyNotebooks.Tests.Processes;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace ConcurrencyNotebooks.Tests.Shipping;

/// <summary>Runs "cells" with the Roslyn scripting API (the kernel's engine): their delegates live in in-memory
/// submission assemblies, exactly as in a notebook, and the pool must compile them from the cells' source.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class CellFunctionTests : IDisposable
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddReferences(typeof(ProcessPool).Assembly)
        .AddImports("System", "System.Linq", "ConcurrencyNotebooks.Processes");

    private ScriptState? _state;

    /// <summary>The code of the "running cell": not in the script chain, as in the kernel while a cell runs.</summary>
    private string? _running;

    public CellFunctionTests() => KernelCells.Override = () => KernelCells.FromScript(_state?.Script, _running);

    public void Dispose()
    {
        KernelCells.Override = null;
        (_state?.Variables.LastOrDefault(v => v.Name == "pool")?.Value as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task Map_CellMethodGroup_RunsInWorkers()
    {
        await RunCells("int Square(int n) => n * n;");
        var square = await Evaluate<Func<int, int>>("Square");
        using var pool = new ProcessPool(2);
        Assert.Equal([1, 4, 9, 16], pool.Map(square, new[] { 1, 2, 3, 4 }, functionExpression: "Square"));
    }

    [Fact]
    public async Task Map_CellMethodUsingCellTypesAndMethods_ShipsTheDependencies()
    {
        await RunCells("record Point(int X, int Y);", "int Abs(int v) => v < 0 ? -v : v;", "int Norm1(Point p) => Math.Abs(p.X) + Abs(p.Y);");
        var norm = await Evaluate<Delegate>("(Func<Point, int>)Norm1");
        var makePoint = await Evaluate<Func<int, int, object>>("(Func<int, int, object>)((x, y) => new Point(x, y))");
        using var pool = new ProcessPool(1);
        var method = typeof(ProcessPool).GetMethod(nameof(ProcessPool.MapAsync))!.MakeGenericMethod(norm.Method.GetParameters()[0].ParameterType, typeof(int));
        var items = Array.CreateInstance(norm.Method.GetParameters()[0].ParameterType, 2);
        items.SetValue(makePoint(1, -2), 0);
        items.SetValue(makePoint(-3, 4), 1);
        var task = (Task<IReadOnlyList<int>>)method.Invoke(pool, [norm, items, 0, CancellationToken.None, "Norm1"])!;
        Assert.Equal([3, 7], await task);
    }

    [Fact]
    public async Task Map_CellLambdaCapturingCellVariable_FailsNamingTheVariable()
    {
        await RunCells("var factor = 3;");
        var f = await Evaluate<Func<int, int>>("(Func<int, int>)(n => n * factor)");
        using var pool = new ProcessPool(1);
        var error = Assert.Throws<FunctionNotShippableException>(() => pool.Map(f, new[] { 1 }, functionExpression: "n => n * factor"));
        Assert.Equal(["factor"], error.CapturedVariables);
        Assert.Contains("StarMap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_CellVariableHoldingALambda_UsesTheLambdaSource()
    {
        await RunCells("Func<int, int> twice = n => n * 2;");
        var f = await Evaluate<Func<int, int>>("twice");
        using var pool = new ProcessPool(1);
        Assert.Equal([2, 4], pool.Map(f, new[] { 1, 2 }, functionExpression: "twice"));
    }

    [Fact]
    public async Task Map_SameCellsRunTwice_CompilesOnceAndStillWorks()
    {
        await RunCells("int Cube(int n) => n * n * n;");
        var first = await Evaluate<Func<int, int>>("Cube");
        await RunCells("int Cube(int n) => n * n * n;");
        var second = await Evaluate<Func<int, int>>("Cube");
        using var pool = new ProcessPool(1);
        Assert.Equal([8], pool.Map(first, new[] { 2 }, functionExpression: "Cube"));
        var compilations = ShippingCompiler.CompilationCount;
        Assert.Equal([27], pool.Map(second, new[] { 3 }, functionExpression: "Cube"));
        Assert.Equal(compilations, ShippingCompiler.CompilationCount);
    }

    [Fact]
    public async Task WorkerProcess_CellAction_RunsAndCapturesOutput()
    {
        await RunCells("void Task() => Console.WriteLine(\"hello from the child\");");
        var task = await Evaluate<Action>("(Action)Task");
        using var p = WorkerProcess.Start(task, "Task");
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        Assert.Equal("hello from the child\n", p.Output);
    }

    [Fact]
    public async Task Map_VariableReassignedInALaterCell_RunsTheNewLambda()
    {
        await RunCells(PoolCell, "Func<int, int> f = n => n * n;", "f = n => n + 1;");
        Assert.Equal(6, await RunCell<int>("pool.Map(f, new[] { 5 })[0]"));
    }

    [Fact]
    public async Task Map_SeveralLambdasAssignedInOneCell_RunsTheOnePassed()
    {
        await RunCells(PoolCell, "Func<int, int> a = n => n - 1, b = n => n * 3;\nFunc<int, int> h = n => n * 10;\nh = n => n * 100;");
        Assert.Equal(4, await RunCell<int>("pool.Map(a, new[] { 5 })[0]"));
        Assert.Equal(15, await RunCell<int>("pool.Map(b, new[] { 5 })[0]"));
        Assert.Equal(500, await RunCell<int>("pool.Map(h, new[] { 5 })[0]"));
    }

    [Fact]
    public async Task Map_MethodGroupCapturedBeforeARedefinition_RunsTheMethodItCaptured()
    {
        await RunCells(PoolCell, "int Sq(int n) => n * n;", "Func<int, int> g = Sq;", "int Sq(int n) => n + 1;");
        Assert.Equal(25, await RunCell<int>("pool.Map(g, new[] { 5 })[0]"));
        Assert.Equal(6, await RunCell<int>("pool.Map(Sq, new[] { 5 })[0]"));
    }

    [Fact]
    public async Task Map_LambdaCallingAHelperRedefinedLater_UsesTheHelperItsCellSaw()
    {
        await RunCells(PoolCell, "int Helper(int n) => n * n;", "Func<int, int> h = n => Helper(n) + 1;", "int Helper(int n) => n * 1000;");
        Assert.Equal(26, await RunCell<int>("pool.Map(h, new[] { 5 })[0]"));
    }

    [Fact]
    public async Task Map_LambdaOverloadedHelperAcrossCells_UsesTheOverloadTheKernelPicks()
    {
        await RunCells(PoolCell, "int H(int n) => 1;", "int H(long n) => 2;");
        Assert.Equal(1, await RunCell<int>("pool.Map(n => H(n), new[] { 5 })[0]"));
    }

    [Fact]
    public async Task Map_LambdaLiteralInTheRunningCell_RunsThatLambda()
    {
        await RunCells(PoolCell, "int Sq(int n) => n * n;");
        Assert.Equal(27, await RunCell<int>("pool.Map(n => Sq(n) + 2, new[] { 5 })[0]"));

        // Roslyn numbers lambdas scope by scope, not in text order: the one passed here is neither the first nor the last.
        const string cell = """
            Func<int, Func<int, int>> adder = x => y => x + y;
            int got;
            {
                var unused = 1;
                got = pool.Map(n => Enumerable.Range(1, n).Sum(i => i * i), new[] { 3 })[0];
            }
            Func<int, int> after = n => n;
            got
            """;
        Assert.Equal(14, await RunCell<int>(cell));
    }

    [Fact]
    public async Task Map_VariableThatTheLambdasCellDidNotAssign_ThrowsInsteadOfGuessing()
    {
        await RunCells(PoolCell, "Func<int, int> f = n => n * n;", "var copy = f;");
        var error = await Assert.ThrowsAsync<FunctionNotShippableException>(() => RunCell<int>("pool.Map(copy, new[] { 5 })[0]"));
        Assert.Contains("'copy'", error.Message, StringComparison.Ordinal);
        Assert.Contains("n => n * n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_ExpressionThatIsNotTheDelegatesLambda_ThrowsInsteadOfRunningEither()
    {
        await RunCells("Func<int, int> f = n => n * n;");
        var f = await Evaluate<Func<int, int>>("f");
        using var pool = new ProcessPool(1);
        var error = Assert.Throws<FunctionNotShippableException>(() => pool.Map(f, new[] { 5 }, functionExpression: "n => n * 100"));
        Assert.Contains("not the lambda", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A first cell that starts the pool the other cells use (disposed with the test).</summary>
    private const string PoolCell = "var pool = new ProcessPool(1);";

    /// <summary>Runs cells one after another, each as the running cell while it runs (as the kernel does).</summary>
    private async Task RunCells(params string[] cells)
    {
        foreach (var cell in cells)
        {
            _running = cell;
            try
            {
                _state = _state is null ? await CSharpScript.RunAsync(cell, Options) : await _state.ContinueWithAsync(cell);
            }
            finally
            {
                _running = null;
            }
        }
    }

    /// <summary>Runs a cell and returns its value.</summary>
    private async Task<T> RunCell<T>(string cell)
    {
        await RunCells(cell);
        return (T)_state!.ReturnValue;
    }

    /// <summary>Evaluates an expression as a new cell that stays the running one (its delegates come from the running cell).</summary>
    private async Task<T> Evaluate<T>(string expression)
    {
        _running = expression;
        var state = await _state!.ContinueWithAsync<T>(expression);
        return state.ReturnValue;
    }
}
