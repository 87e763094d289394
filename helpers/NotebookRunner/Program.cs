return await NotebookRunner.RunnerCommand.InvokeAsync(args).ConfigureAwait(false);
