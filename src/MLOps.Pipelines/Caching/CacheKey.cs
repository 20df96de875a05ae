using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MLOps.Pipelines.Caching;

/// <summary>
/// The cache key: SHA-256 over a versioned preamble, the step's name, its explicit cache version, its
/// serializer's id and version, and, per input in order, its kind, name and the canonical hash of its value.
/// Strings enter length-prefixed (so no two different key parts hash alike) and hashes as their 32 bytes.
/// Nothing implicit (code, time, machine) enters it.
/// </summary>
internal static class CacheKey
{
    private static ReadOnlySpan<byte> Preamble => "mlops.pipelines.cache/2"u8;

    public static string Compute(StepDefinition step, ReadOnlySpan<ContentHash> inputHashes)
    {
        var size = Preamble.Length + Max(step.Name) + Max(step.Options.CacheVersion) + Max(step.Codec.Tag);
        for (var i = 0; i < inputHashes.Length; i++)
        {
            size += Max("p") + Max(step.Inputs[i].Name) + ContentHash.ByteLength;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var span = buffer.AsSpan();
            Preamble.CopyTo(span);
            var at = Preamble.Length;
            at += Write(span[at..], step.Name);
            at += Write(span[at..], step.Options.CacheVersion);
            at += Write(span[at..], step.Codec.Tag);
            for (var i = 0; i < inputHashes.Length; i++)
            {
                var input = step.Inputs[i];
                at += Write(span[at..], input.IsParameter ? "p" : "s");
                at += Write(span[at..], input.Name);
                inputHashes[i].CopyTo(span[at..]);
                at += ContentHash.ByteLength;
            }

            Span<byte> key = stackalloc byte[32];
            SHA256.HashData(span[..at], key);
            return Convert.ToHexStringLower(key);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Max(string text) => 4 + Encoding.UTF8.GetMaxByteCount(text.Length);

    private static int Write(Span<byte> destination, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, destination[4..]);
        BinaryPrimitives.WriteInt32LittleEndian(destination, length);
        return 4 + length;
    }
}
