using System.Numerics;

namespace MLOps.DataVersioning;

/// <summary>
/// The sizes that content-defined chunking aims for. Defaults: <see cref="MinSize"/> 16 KiB,
/// <see cref="AverageSize"/> 64 KiB, <see cref="MaxSize"/> 256 KiB. Changing them changes every chunk
/// boundary, so a repository keeps one setting for its lifetime.
/// </summary>
public sealed class ChunkingOptions
{
    /// <summary>The smallest allowed <see cref="MinSize"/>, in bytes.</summary>
    public const int SmallestMinSize = 64;

    /// <summary>The largest allowed <see cref="MaxSize"/>, in bytes (64 MiB).</summary>
    public const int LargestMaxSize = 64 * 1024 * 1024;

    /// <summary>The default options (16 KiB / 64 KiB / 256 KiB).</summary>
    public static ChunkingOptions Default { get; } = new();

    /// <summary>
    /// No chunk except the last of a file is shorter than this; the chunker does not even look for a
    /// boundary before it (cut-point skipping). At least 64 bytes and less than <see cref="AverageSize"/>. Default 16 KiB.
    /// </summary>
    public int MinSize { get; init; } = 16 * 1024;

    /// <summary>The target average chunk size: a power of two between <see cref="MinSize"/> and <see cref="MaxSize"/>. Default 64 KiB.</summary>
    public int AverageSize { get; init; } = 64 * 1024;

    /// <summary>No chunk is longer than this: a boundary is forced here. At most 64 MiB and more than <see cref="AverageSize"/>. Default 256 KiB.</summary>
    public int MaxSize { get; init; } = 256 * 1024;

    /// <summary>Checks the options.</summary>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ValidationException">An option is out of range; the message names it.</exception>
    public ChunkingOptions Validate()
    {
        if (MinSize < SmallestMinSize)
        {
            throw new ValidationException($"ChunkingOptions.MinSize must be at least {SmallestMinSize} bytes; got {MinSize}.");
        }

        if (AverageSize <= 0 || !BitOperations.IsPow2(AverageSize))
        {
            throw new ValidationException($"ChunkingOptions.AverageSize must be a power of two; got {AverageSize}.");
        }

        if (MinSize >= AverageSize)
        {
            throw new ValidationException($"ChunkingOptions.MinSize ({MinSize}) must be less than ChunkingOptions.AverageSize ({AverageSize}).");
        }

        if (MaxSize <= AverageSize)
        {
            throw new ValidationException($"ChunkingOptions.MaxSize ({MaxSize}) must be greater than ChunkingOptions.AverageSize ({AverageSize}).");
        }

        if (MaxSize > LargestMaxSize)
        {
            throw new ValidationException($"ChunkingOptions.MaxSize must be at most {LargestMaxSize} bytes; got {MaxSize}.");
        }

        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"min {MinSize}, average {AverageSize}, max {MaxSize}";
}
