Console.WriteLine("benchmarks: not implemented yet (see issue 6)"); return 0;
