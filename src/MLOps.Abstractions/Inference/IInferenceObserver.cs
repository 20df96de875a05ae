namespace MLOps.Inference;

/// <summary>
/// Sees every successful inference a model repository answers: the seam through which serving taps
/// inputs and outputs into drift monitors, inference logs or audits without depending on them.
/// Called on the request path, so implementations must return at once: hand the observation to a
/// bounded queue and drop (and count) when it is full; never block and never throw.
/// </summary>
public interface IInferenceObserver
{
    /// <summary>Offers one answered request.</summary>
    /// <param name="observation">The request's inputs and the outputs it got. The tensors may be views of a batch: copy what is kept past the call.</param>
    void OnInference(InferenceObservation observation);
}
