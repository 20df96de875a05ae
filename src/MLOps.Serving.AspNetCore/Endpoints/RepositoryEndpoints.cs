using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MLOps.Serving.AspNetCore;

/// <summary>
/// The model repository extension (Triton's <c>/v2/repository</c>): list the models and their versions,
/// load (or reload) a model, unload one — at run time, with zero-downtime swaps.
/// </summary>
internal static class RepositoryEndpoints
{
    /// <summary><c>POST /v2/repository/index</c>: every model version with its state.</summary>
    public static Task IndexAsync(HttpContext context, ModelRepository repository) =>
        ProtocolErrors.WriteJsonAsync(context, StatusCodes.Status200OK, buffer =>
        {
            using var json = new Utf8JsonWriter(buffer);
            json.WriteStartArray();
            foreach (var model in repository.Models)
            {
                if (model.Versions.Count == 0)
                {
                    json.WriteStartObject();
                    json.WriteString("name", model.Name);
                    json.WriteString("state", "UNAVAILABLE");
                    json.WriteString("reason", model.LastError ?? "no version is ready");
                    json.WriteEndObject();
                }

                foreach (var version in model.Versions)
                {
                    json.WriteStartObject();
                    json.WriteString("name", model.Name);
                    json.WriteString("version", version.Version.ToString(CultureInfo.InvariantCulture));
                    json.WriteString("state", version.State == ModelVersionState.Ready ? "READY" : "UNAVAILABLE");
                    json.WriteString("reason", string.Empty);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        });

    /// <summary>
    /// <c>POST /v2/repository/models/{model}/load</c>: reloads a served model from its source, or loads a
    /// model not served yet from a declared repository folder of that name.
    /// </summary>
    public static async Task LoadAsync(HttpContext context, ModelRepository repository)
    {
        var name = (string)context.Request.RouteValues["model"]!;
        if (repository.FindModel(name) is not null)
        {
            await repository.ReloadAsync(name, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            var directories = context.RequestServices.GetService<ServingBuilder>()?.RepositoryDirectories ?? [];
            var folder = directories.Select(d => Path.Combine(d, name)).FirstOrDefault(Directory.Exists)
                ?? throw new NotFoundException($"No model '{name}' is served and no model repository folder has one ({(directories.Count == 0 ? "no repository folders are configured" : string.Join(", ", directories))}).");
            await repository.LoadModelDirectoryAsync(name, folder, context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary><c>POST /v2/repository/models/{model}/unload</c>: stops taking requests, finishes those in flight, releases the model.</summary>
    public static async Task UnloadAsync(HttpContext context, ModelRepository repository)
    {
        var name = (string)context.Request.RouteValues["model"]!;
        await repository.UnloadAsync(name, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
