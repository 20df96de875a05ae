using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MLOps.Tracking.Search;

/// <summary>
/// A keyset position: which phase of the order (runs with the order field, then runs without it), the
/// last order value and run seq returned, and a fingerprint of the query so a token cannot be replayed
/// against another query. Opaque to callers: base64url of a small JSON object.
/// </summary>
internal sealed record PageToken(int Phase, double? Number, string? Text, long? Integer, long Seq, string Query)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, PageTokenJson.Default.PageToken));

    public static PageToken? Decode(string? token, string query)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        PageToken? decoded = null;
        try
        {
            if (token.Length <= 4096)
            {
                decoded = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(token), PageTokenJson.Default.PageToken);
            }
        }
        catch (FormatException)
        {
        }
        catch (JsonException)
        {
        }

        if (decoded is null || decoded.Phase is not (1 or 2))
        {
            throw new ValidationException($"The page token '{TrackingNames.Shorten(token)}' is not a token returned by a run search.");
        }

        if (!string.Equals(decoded.Query, query, StringComparison.Ordinal))
        {
            throw new ValidationException("The page token belongs to a different search (filter, order, experiments or view); start again without a token.");
        }

        return decoded;
    }

    /// <summary>The fingerprint of a query's shape.</summary>
    public static string Fingerprint(string? filter, string? orderBy, IEnumerable<long>? experiments, RunViewType view)
    {
        var text = string.Join('\u001f', filter ?? string.Empty, orderBy ?? string.Empty, string.Join(',', (experiments ?? []).Order()), view.ToString());
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

}
