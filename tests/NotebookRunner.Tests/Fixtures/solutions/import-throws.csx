int AnswerSolution() => 42;
Console.WriteLine($"answer {AnswerSolution()}");
throw new InvalidOperationException("solution check failed");
