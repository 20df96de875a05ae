using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MLOps.Serving.AspNetCore;

/// <summary>Reads the route values of the v2 endpoints.</summary>
internal static class Routes
{
    /// <summary>The <c>{version}</c> route value as a number, or null when the route has none.</summary>
    /// <exception cref="NotFoundException">The value is not a version number.</exception>
    public static int? Version(HttpContext context)
    {
        if (context.Request.RouteValues["version"] is not string text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        throw new NotFoundException($"Model '{context.Request.RouteValues["model"]}' has no version '{text}'; versions are positive integers.");
    }
}
