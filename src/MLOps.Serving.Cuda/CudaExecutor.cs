using System.Buffers;
using System.Runtime.InteropServices;
using MLOps.Serving.Cuda.Lowering;
using MLOps.Serving.Cuda.Native;
using MLOps.Serving.Cuda.Runtime;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;
using MLOps.Tensors;

namespace MLOps.Serving.Cuda;

/// <summary>
/// Runs an ONNX model on a CUDA device: the engine's optimized graph and memory plan per input-shape set,
/// lowered to cuBLAS GEMMs and NVRTC-compiled kernels, with nodes the GPU does not cover run on the CPU
/// executor between explicit copies. One stream per instance; calls are serialized on it (run several
/// instances through <see cref="BatchingOptions.Instances"/> for overlap). Thread-safe.
/// </summary>
/// <example>
/// <code>
/// if (CudaExecutor.IsAvailable)
/// {
///     using var model = CudaExecutor.Load("model.onnx", new CudaOptions { DeviceId = 0 });
///     var outputs = model.Run(new Dictionary&lt;string, Tensor&gt; { ["input"] = input });
/// }
/// </code>
/// </example>
public sealed unsafe partial class CudaExecutor : IModelExecutor
{
    private readonly OnnxModel _cpu;
    private readonly CudaOptions _options;
    private readonly CudaDevice _device;
    private readonly nint _stream;
    private readonly nint _cublas;
    private readonly DeviceMemoryPool _pool;
    private readonly ConstantStore _constants = new();
    private readonly Dictionary<ExecutionPlan, BoundPlan> _plans = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<ExecutionPlan> _planOrder = new();
    private readonly KernelContext _hostContext;
    private readonly Lock _gate = new();
    private byte* _scratch;
    private long _scratchBytes;
    private bool _disposed;

    private CudaExecutor(OnnxModel cpu, CudaOptions options)
    {
        _cpu = cpu;
        _options = options;
        _device = CudaDevice.Get(options.DeviceId, options.ResolveKernelCacheDirectory());
        _device.MakeCurrent();
        CudaErrors.Check(CudaDriver.cuStreamCreate(out _stream, CudaDriver.StreamNonBlocking));
        CudaErrors.CheckCublas(Cublas.cublasCreate_v2(out _cublas));
        CudaErrors.CheckCublas(Cublas.cublasSetStream_v2(_cublas, _stream));
        _pool = new DeviceMemoryPool(new DriverAllocator());
        _hostContext = new KernelContext(cpu.Executor.Runner);
    }

    /// <summary>Whether the CUDA driver, NVRTC, cuBLAS and cuBLASLt load from the usual locations and a device exists; never throws.</summary>
    public static bool IsAvailable => CudaRuntime.Probe([]).Available;

    /// <summary>Checks whether CUDA is usable with these options; never throws.</summary>
    /// <param name="options">Options (their <see cref="CudaOptions.LibraryPaths"/> are searched first); null for the defaults.</param>
    /// <returns>Whether CUDA is usable, and a report: where each library was found, or <c>CUDA not available: …</c> listing every path searched.</returns>
    public static (bool Available, string Report) Probe(CudaOptions? options = null) => CudaRuntime.Probe([.. options?.LibraryPaths ?? []]);

    /// <summary>Describes a device.</summary>
    /// <param name="deviceId">The device ordinal.</param>
    /// <param name="options">Options for library discovery; null for the defaults.</param>
    /// <returns>The device's name, compute capability, memory and driver version.</returns>
    /// <exception cref="CudaUnavailableException">CUDA is not usable here, or the device does not exist.</exception>
    public static CudaDeviceInfo GetDevice(int deviceId = 0, CudaOptions? options = null)
    {
        CudaRuntime.Require([.. options?.LibraryPaths ?? []]);
        return CudaRuntime.Describe(deviceId);
    }

    /// <summary>Loads a model file onto a device.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="options">CUDA options; null for the defaults (device 0, CPU fallback on).</param>
    /// <param name="inference">Engine options (optimization, external data); null for the defaults.</param>
    /// <returns>The executor.</returns>
    /// <exception cref="CudaUnavailableException">CUDA is not usable here; the message lists every path searched.</exception>
    /// <exception cref="ValidationException">The model is invalid, uses string tensors, or has a node the GPU does not cover while fallback is off.</exception>
    public static CudaExecutor Load(string path, CudaOptions? options = null, InferenceOptions? inference = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new NotFoundException($"Model file {full} does not exist.");
        }

        inference = inference?.Clone() ?? new InferenceOptions();
        inference.ExternalDataDirectory ??= Path.GetDirectoryName(full);
        return Load(File.ReadAllBytes(full), options, inference);
    }

    /// <summary>Loads a model from bytes onto a device.</summary>
    /// <param name="bytes">The serialized ONNX model.</param>
    /// <param name="options">CUDA options; null for the defaults.</param>
    /// <param name="inference">Engine options; null for the defaults.</param>
    /// <returns>The executor.</returns>
    /// <exception cref="CudaUnavailableException">CUDA is not usable here; the message lists every path searched.</exception>
    /// <exception cref="ValidationException">The model is invalid, uses string tensors, or has a node the GPU does not cover while fallback is off.</exception>
    public static CudaExecutor Load(byte[] bytes, CudaOptions? options = null, InferenceOptions? inference = null)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        options = options?.Clone() ?? new CudaOptions();
        options.Validate();
        CudaRuntime.Require([.. options.LibraryPaths]);
        var cpu = OnnxModel.Load(bytes, inference);
        try
        {
            var graph = cpu.Executor.Graph;
            if (graph.Inputs.Concat(graph.Outputs).FirstOrDefault(v => v.Type == DataType.String) is { } text)
            {
                throw new ValidationException($"Tensor '{text.Name}' is a string tensor; the CUDA executor serves numeric tensors only (use the CPU executor).");
            }

            var executor = new CudaExecutor(cpu, options);
            if (!options.AllowCpuFallback)
            {
                executor.CheckCoverage();
            }

            return executor;
        }
        catch
        {
            cpu.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ModelSignature Signature => _cpu.Signature;

    /// <summary>The device this executor runs on.</summary>
    public CudaDeviceInfo Device => _device.Info;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var graph = _cpu.Executor.Graph;
        var ordered = new Tensor[graph.Inputs.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            if (!inputs.TryGetValue(graph.Inputs[i].Name, out var tensor))
            {
                throw new ValidationException($"Input '{graph.Inputs[i].Name}' is missing; the model's inputs are {string.Join(", ", graph.Inputs.Select(v => $"'{v.Name}'"))}.");
            }

            ordered[i] = tensor;
        }

        if (inputs.Count != ordered.Length)
        {
            throw new ValidationException($"The model has {ordered.Length} inputs; {inputs.Count} were given.");
        }

        var outputs = new Tensor[graph.Outputs.Count];
        RunCore(ordered, outputs, create: true);
        var result = new Dictionary<string, Tensor>(outputs.Length, StringComparer.Ordinal);
        for (var i = 0; i < outputs.Length; i++)
        {
            result[graph.Outputs[i].Name] = outputs[i];
        }

        return result;
    }

    /// <inheritdoc />
    public void Run(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor> outputs)
    {
        var writable = ArrayPool<Tensor>.Shared.Rent(outputs.Length);
        try
        {
            outputs.CopyTo(writable);
            RunCore(inputs, writable.AsSpan(0, outputs.Length), create: false);
        }
        finally
        {
            writable.AsSpan(0, outputs.Length).Clear();
            ArrayPool<Tensor>.Shared.Return(writable);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TensorShape> GetOutputShapes(ReadOnlySpan<TensorShape> inputShapes) => _cpu.GetOutputShapes(inputShapes);

    /// <summary>Releases the device memory, the stream and the cuBLAS handle, and the CPU engine. Calls in flight must have returned.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _device.MakeCurrent();
            foreach (var plan in _plans.Values)
            {
                plan.Dispose();
            }

            _plans.Clear();
            _constants.Dispose();
            _pool.Dispose();
            Cublas.cublasDestroy_v2(_cublas);
            CudaDriver.cuStreamDestroy_v2(_stream);
            NativeMemory.Free(_scratch);
            _scratch = null;
            _cpu.Dispose();
        }
    }
}
