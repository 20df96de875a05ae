namespace MLOps.Tracking;

/// <summary>What a model takes and returns: the names, element types and shapes of its inputs and outputs.</summary>
/// <param name="Inputs">The inputs.</param>
/// <param name="Outputs">The outputs.</param>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    /// <summary>Checks names and shapes.</summary>
    /// <param name="model">The model, for messages.</param>
    /// <exception cref="ValidationException">A name is empty or repeated, or a dimension is below -1.</exception>
    public void Validate(string model)
    {
        foreach (var (list, side) in new[] { (Inputs, "input"), (Outputs, "output") })
        {
            if (list is null)
            {
                throw new ValidationException($"The signature of model '{model}' has no {side} list; use an empty list for none.");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spec in list)
            {
                if (spec is null || string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > TrackingLimits.MaxKeyLength)
                {
                    throw new ValidationException($"An {side} of the signature of model '{model}' has no name (or one over {TrackingLimits.MaxKeyLength} characters).");
                }

                if (!seen.Add(spec.Name))
                {
                    throw new ValidationException($"The signature of model '{model}' names {side} '{spec.Name}' twice.");
                }

                if (!Enum.IsDefined(spec.ElementType))
                {
                    throw new ValidationException($"The {side} '{spec.Name}' of model '{model}' has unknown element type {(int)spec.ElementType}.");
                }

                if (spec.Shape is null || spec.Shape.Any(d => d < -1))
                {
                    throw new ValidationException($"The {side} '{spec.Name}' of model '{model}' has a dimension below -1 (use -1 for a dynamic dimension).");
                }
            }
        }
    }
}
