namespace GameUpscaler.IO;

/// <summary>
/// The folder counterpart of <see cref="OutputFile"/>: results are written into a hidden staging folder beside the
/// target, and <see cref="Commit"/> moves it into place, so a failure or a kill never leaves a half-written folder
/// under the target's name. The target must not exist or be empty: a folder with files is never overwritten.
/// Disposing without committing removes the staging folder.
/// </summary>
public sealed class OutputFolder : IDisposable
{
    private readonly string _target;
    private bool _done;

    private OutputFolder(string target, string staging)
    {
        _target = target;
        Staging = staging;
    }

    /// <summary>The staging folder to write into.</summary>
    public string Staging { get; }

    /// <summary>Checks the target and creates the staging folder.</summary>
    /// <param name="folder">The folder to create (absent, or empty); messages name it as given.</param>
    /// <param name="rule">Says what is written where, for the refusal: e.g. "a capture is written to a new folder".</param>
    /// <exception cref="IOException">The target exists and is not empty, or is a file, or its missing parent folders cannot be made (a file in the way).</exception>
    public static OutputFolder Begin(string folder, string rule)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string target = Path.GetFullPath(folder);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new IOException($"{folder}: exists and is not empty; {rule} (nothing was overwritten)");
        }

        // Missing parents are made, as mkdir -p does: an export into out/caps/x needs no separate step.
        string parent = Path.GetDirectoryName(target) ?? ".";
        Directory.CreateDirectory(parent);

        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging);
        return new OutputFolder(target, staging);
    }

    /// <summary>Moves the staging folder into place (replacing the empty target, if there is one).</summary>
    /// <exception cref="InvalidOperationException">Already committed or disposed.</exception>
    public void Commit()
    {
        if (_done)
        {
            throw new InvalidOperationException("The output folder was already committed or abandoned.");
        }

        if (Directory.Exists(_target))
        {
            Directory.Delete(_target); // empty, checked in Begin
        }

        Directory.Move(Staging, _target);
        _done = true;
    }

    /// <summary>Removes the staging folder unless it was committed.</summary>
    public void Dispose()
    {
        if (!_done && Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }

        _done = true;
    }
}
