using System.Text.Json;

namespace MLOps.Drift.Tests.Fixtures;

/// <summary>The C# twin of gen() in make_fixtures.py: SplitMix64 and exactly representable arithmetic, so both sides see the same doubles.</summary>
internal static class FixtureSamples
{
    public static double[] Generate(JsonElement spec)
    {
        var seed = spec.GetProperty("seed").GetUInt64();
        var n = spec.GetProperty("n").GetInt32();
        var kind = spec.GetProperty("kind").GetString();
        var loc = spec.GetProperty("loc").GetDouble();
        var scale = Math.Pow(2.0, spec.GetProperty("scale_log2").GetInt32());
        var levels = spec.TryGetProperty("levels", out var l) ? l.GetUInt64() : 0;
        var rng = new SplitMix64(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            switch (kind)
            {
                case "normal":
                    ulong sum = 0;
                    for (var k = 0; k < 4; k++)
                    {
                        sum += rng.Next() >> 13;
                    }

                    values[i] = loc + ((sum * Math.Pow(2, -51)) - 2.0) * scale;
                    break;
                case "ties":
                    values[i] = loc + (rng.Next() % levels) * scale;
                    break;
                default:
                    values[i] = loc + ((rng.Next() >> 11) * Math.Pow(2, -53) * scale);
                    break;
            }
        }

        return values;
    }

    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong Next()
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
