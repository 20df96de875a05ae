namespace MLOps.Tracking.Artifacts;

/// <summary>Checks artifact paths: relative, forward slashes, no empty, <c>.</c> or <c>..</c> segments, no control characters.</summary>
internal static class ArtifactPaths
{
    public static string Check(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            throw new ValidationException("The artifact path is empty; give a relative path such as 'model/model.onnx'.");
        }

        if (path.Length > TrackingLimits.MaxArtifactPathLength)
        {
            throw new ValidationException($"The artifact path '{TrackingNames.Shorten(path)}' is {path.Length} characters long; at most {TrackingLimits.MaxArtifactPathLength} are allowed.");
        }

        var bad = path.AsSpan().IndexOfAny("\\:*?\"<>|");
        var control = path.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (bad >= 0 || control >= 0)
        {
            var at = bad >= 0 ? bad : control;
            throw new ValidationException($"The artifact path '{TrackingNames.Shorten(path)}' has a character not allowed in artifact paths at position {at}; use '/' between folders and no \\ : * ? \" < > | or control characters.");
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.Trim().Length != segment.Length)
            {
                throw new ValidationException($"The artifact path '{TrackingNames.Shorten(path)}' has an empty, '.', '..' or space-padded segment; give a relative path such as 'model/model.onnx'.");
            }
        }

        return path;
    }
}
