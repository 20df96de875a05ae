using MLOps.Tensors;

namespace MLOps.Serving;

/// <summary>
/// Runs one loaded model: the seam between callers (the dynamic batcher, endpoints, the CLI) and an
/// engine (the managed CPU executor here; a CUDA executor or an ONNX Runtime adapter elsewhere).
/// Implementations are thread-safe: one instance serves concurrent calls.
/// </summary>
public interface IModelExecutor : IDisposable
{
    /// <summary>The model's inputs and outputs.</summary>
    ModelSignature Signature { get; }

    /// <summary>Runs the model and returns new output tensors.</summary>
    /// <param name="inputs">One tensor per signature input, by name.</param>
    /// <returns>One new tensor per signature output, by name.</returns>
    /// <exception cref="ValidationException">An input is missing, unknown, or has the wrong element type or shape; or a shape conflict arises in the graph. The message names the tensor or node.</exception>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs);

    /// <summary>Runs the model writing into caller-provided output tensors; allocates nothing once the shapes have been seen.</summary>
    /// <param name="inputs">One tensor per signature input, in signature order.</param>
    /// <param name="outputs">One tensor per signature output, in signature order, each of the output's element type and shape (see <see cref="GetOutputShapes"/>).</param>
    /// <exception cref="ValidationException">An input or output tensor has the wrong element type or shape; the message names it.</exception>
    void Run(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs);

    /// <summary>The output shapes the model produces for inputs of these shapes.</summary>
    /// <param name="inputShapes">One shape per signature input, in signature order.</param>
    /// <returns>One shape per signature output.</returns>
    /// <exception cref="ValidationException">The shapes do not fit the model, or the output shapes depend on input values.</exception>
    IReadOnlyList<TensorShape> GetOutputShapes(ReadOnlySpan<TensorShape> inputShapes);
}
