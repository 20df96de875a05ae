using System.Text.Json.Serialization;

namespace MLOps.Tracking.Search;

/// <summary>Source-generated JSON for <see cref="PageToken"/> (no reflection, trimming-safe).</summary>
[JsonSerializable(typeof(PageToken))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed partial class PageTokenJson : JsonSerializerContext;
