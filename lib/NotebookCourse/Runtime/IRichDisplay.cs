namespace NotebookCourse.Runtime;

/// <summary>
/// Implemented by library types that know how to show themselves in a notebook (figures, images, tables, tensors,
/// modules). The notebook runtime calls it for <c>display(x)</c> and for a cell's trailing expression.
/// </summary>
public interface IRichDisplay
{
    /// <summary>Returns the MIME bundle for this object; it must contain <c>text/plain</c>.</summary>
    MimeBundle ToMimeBundle();
}
