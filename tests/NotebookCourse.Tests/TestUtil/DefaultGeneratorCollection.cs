namespace NotebookCourse.Tests.TestUtil;

/// <summary>
/// Runs alone: tests that compare two runs from torch.manual_seed bit for bit. The default generator is process-wide
/// (as in PyTorch), so a test in another class drawing from it at the same moment shifts the sequence (this made
/// LearningSmokeTests' same-seed test fail once in CI, and PretrainingTests' once in session 4). Tests that flip a
/// process-wide kernel switch (ConvPathAgreementTests) run here too: the switch changes other tests' rounding.
/// </summary>
[CollectionDefinition("default generator", DisableParallelization = true)]
public class DefaultGeneratorCollection { }
