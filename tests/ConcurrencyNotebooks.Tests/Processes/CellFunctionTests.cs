using ConcurrencyNotebooks.Processes;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace ConcurrencyNotebooks.Tests.Processes;

/// <summary>Runs "cells" with the Roslyn scripting API (the kernel's engine): their delegates live in in-memory
/// submission assemblies, exactly as in a notebook, and the pool must compile them from the cells' source.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class CellFunctionTests : IDisposable
{
    private ScriptState? _state;

    public CellFunctionTests() => KernelCells.Override = () => KernelCells.FromScript(_state?.Script);

    public void Dispose() => KernelCells.Override = null;

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

    private async Task RunCells(params string[] cells)
    {
        foreach (var cell in cells)
        {
            _state = _state is null ? await CSharpScript.RunAsync(cell, ScriptOptions.Default.AddImports("System")) : await _state.ContinueWithAsync(cell);
        }
    }

    private async Task<T> Evaluate<T>(string expression)
    {
        var state = await _state!.ContinueWithAsync<T>(expression);
        return state.ReturnValue;
    }
}
