using NotebookCourse.Benchmarks;
using NotebookCourse.Kernels;

return BenchmarkApp.Main(args);
