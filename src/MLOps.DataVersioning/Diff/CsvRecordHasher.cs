namespace MLOps.DataVersioning;

/// <summary>
/// Splits a CSV stream into records (a line break inside double quotes does not end one; a trailing
/// <c>\r</c> is ignored) and counts each record's 128-bit hash, so two versions compare as multisets
/// without keeping their text.
/// </summary>
internal static class CsvRecordHasher
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const ulong MixOffset = 0x9E3779B97F4A7C15;
    private const ulong MixPrime = 0xBF58476D1CE4E5B9;

    public static async ValueTask<(UInt128 Header, Dictionary<UInt128, long> Records, long Count)> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        var records = new Dictionary<UInt128, long>();
        var buffer = new byte[1 << 16];
        ulong a = FnvOffset, b = MixOffset;
        var inQuotes = false;
        var pendingCr = false;
        var empty = true;
        UInt128? header = null;
        long count = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var c = buffer[i];
                if (c == (byte)'"')
                {
                    inQuotes = !inQuotes;
                }
                else if (c == (byte)'\n' && !inQuotes)
                {
                    End(ref a, ref b, ref empty, ref pendingCr, ref header, records, ref count);
                    continue;
                }

                if (pendingCr)
                {
                    Mix(ref a, ref b, (byte)'\r');
                    pendingCr = false;
                }

                if (c == (byte)'\r' && !inQuotes)
                {
                    pendingCr = true;
                    empty = false;
                    continue;
                }

                Mix(ref a, ref b, c);
                empty = false;
            }
        }

        End(ref a, ref b, ref empty, ref pendingCr, ref header, records, ref count);
        return (header ?? 0, records, count);
    }

    private static void Mix(ref ulong a, ref ulong b, byte c)
    {
        a = (a ^ c) * FnvPrime;
        b = (b + c + 1) * MixPrime;
        b ^= b >> 29;
    }

    private static void End(ref ulong a, ref ulong b, ref bool empty, ref bool pendingCr, ref UInt128? header, Dictionary<UInt128, long> records, ref long count)
    {
        if (!empty)
        {
            var hash = new UInt128(a, b);
            if (header is null)
            {
                header = hash;
            }
            else
            {
                records[hash] = records.GetValueOrDefault(hash) + 1;
                count++;
            }
        }

        a = FnvOffset;
        b = MixOffset;
        empty = true;
        pendingCr = false;
    }
}
