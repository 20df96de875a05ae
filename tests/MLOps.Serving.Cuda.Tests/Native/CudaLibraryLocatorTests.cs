using MLOps.Serving.Cuda.Native;

namespace MLOps.Serving.Cuda.Tests.Native;

/// <summary>Library discovery without a GPU: the search order, explicit paths, environment variables and every failure path, over fake folders.</summary>
public sealed class CudaLibraryLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mlops-cuda-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static CudaLibraryLocator Fake(IReadOnlyList<string> explicitPaths, Dictionary<string, string> environment, params string[] cudaFolders) => new(
        explicitPaths,
        name => environment.GetValueOrDefault(name),
        Directory.Exists,
        File.Exists,
        parent => parent == "/usr/local" ? cudaFolders : []);

    [Fact]
    public void Explicit_paths_come_first_then_CUDA_PATH_LD_LIBRARY_PATH_system_folders_and_versioned_toolkits_newest_first()
    {
        var locator = Fake(
            ["/opt/explicit"],
            new() { ["CUDA_PATH"] = "/opt/cuda", ["LD_LIBRARY_PATH"] = "/a/lib:/b/lib/:" },
            "/usr/local/cuda-11.8", "/usr/local/cuda-12.4", "/usr/local/cuda-12.10", "/usr/local/other");

        var folders = locator.SearchDirectories();

        Assert.Equal(
            [
                "/opt/explicit", "/opt/cuda/lib64", "/opt/cuda/lib", "/opt/cuda/targets/x86_64-linux/lib", "/a/lib", "/b/lib",
                "/usr/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib", "/usr/lib64", "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
                "/usr/local/cuda-12.10/lib64", "/usr/local/cuda-12.4/lib64", "/usr/local/cuda-11.8/lib64",
            ],
            folders);
    }

    [Fact]
    public void Without_environment_variables_only_the_standard_folders_are_searched()
    {
        var folders = Fake([], []).SearchDirectories();

        Assert.Equal(["/usr/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib", "/usr/lib64", "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib"], folders);
    }

    [Fact]
    public void Versioned_sonames_are_tried_before_the_unversioned_name_and_the_system_loader_last()
    {
        var candidates = Fake([], []).Candidates(CudaLibrary.Nvrtc);

        Assert.Equal("/usr/lib/x86_64-linux-gnu/libnvrtc.so.13", candidates[0]);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libnvrtc.so.12", candidates[1]);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libnvrtc.so.11.2", candidates[2]);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libnvrtc.so", candidates[3]);
        Assert.Equal(CudaLibraryLocator.SystemLoaderPrefix + "libnvrtc.so", candidates[^1]);
        Assert.Contains("libcuda.so.1", CudaLibraryNames.FileNames(CudaLibrary.Driver));
        Assert.Equal(["libcublasLt.so.13", "libcublasLt.so.12", "libcublasLt.so.11", "libcublasLt.so"], CudaLibraryNames.FileNames(CudaLibrary.CublasLt));
    }

    [Fact]
    public void An_explicit_library_file_is_tried_before_any_folder_and_only_for_its_own_library()
    {
        var locator = Fake(["/opt/drivers/libcuda.so.550.54"], []);

        Assert.Equal("/opt/drivers/libcuda.so.550.54", locator.Candidates(CudaLibrary.Driver)[0]);
        Assert.DoesNotContain("/opt/drivers/libcuda.so.550.54", locator.Candidates(CudaLibrary.Cublas));
        Assert.DoesNotContain("/opt/drivers/libcuda.so.550.54", locator.SearchDirectories());
    }

    [Fact]
    public void A_file_that_is_found_but_does_not_load_is_reported_with_the_loader_error_and_the_search_goes_on()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "lib64")).FullName;
        File.WriteAllText(Path.Combine(folder, "libcuda.so.1"), "not an ELF file");
        var locator = Fake([folder], []);
        var loads = new List<string>();

        var search = locator.Locate(CudaLibrary.Driver, path =>
        {
            loads.Add(path);
            return (0, "invalid ELF header");
        });

        Assert.False(search.Found);
        Assert.Equal(Path.Combine(folder, "libcuda.so.1"), loads[0]);
        Assert.Contains($"{folder}/libcuda.so.1 (failed to load: invalid ELF header)", search.Attempts);
        Assert.Contains($"{folder}/libcuda.so (not there)", search.Attempts);
        Assert.Contains(search.Attempts, a => a.StartsWith(CudaLibraryLocator.SystemLoaderPrefix + "libcuda.so.1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_candidate_that_loads_wins()
    {
        var first = Directory.CreateDirectory(Path.Combine(_root, "first")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(_root, "second")).FullName;
        File.WriteAllText(Path.Combine(first, "libcublas.so.11"), "x");
        File.WriteAllText(Path.Combine(second, "libcublas.so.12"), "x");

        var search = Fake([first, second], []).Locate(CudaLibrary.Cublas, path => (path.Contains("second", StringComparison.Ordinal) ? 42 : 0, "nope"));

        Assert.True(search.Found);
        Assert.Equal(Path.Combine(second, "libcublas.so.12"), search.LoadedFrom);
        Assert.Equal(42, search.Handle);
        Assert.Contains(search.Attempts, a => a.StartsWith(Path.Combine(first, "libcublas.so.11") + " (failed to load", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_folder_is_reported_once_and_its_files_are_not_probed()
    {
        var missing = Path.Combine(_root, "missing");
        var search = Fake([missing], new() { ["CUDA_PATH"] = missing }).Locate(CudaLibrary.Nvrtc, _ => (0, "no"));

        Assert.Single(search.Attempts, a => a == $"{missing}/ (no such folder)");
        Assert.DoesNotContain(search.Attempts, a => a.StartsWith(Path.Combine(missing, "libnvrtc"), StringComparison.Ordinal));
        Assert.Contains($"{missing}/lib64/ (no such folder)", search.Attempts);
    }

    [Fact]
    public void A_failed_search_describes_the_library_and_every_path_tried()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        var search = Fake([folder], new() { ["LD_LIBRARY_PATH"] = folder }).Locate(CudaLibrary.Cublas, _ => (0, "not found"));

        var text = search.Describe();

        Assert.Contains("cuBLAS", text, StringComparison.Ordinal);
        Assert.Contains("searched:", text, StringComparison.Ordinal);
        Assert.Contains($"{folder}/libcublas.so.12 (not there)", text, StringComparison.Ordinal);
        Assert.Contains("/usr/local/cuda/lib64", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_loader_rejects_a_fake_library_file_with_its_error()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "real")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "libcublasLt.so.12"), [1, 2, 3, 4]);
        var search = CudaLibraryLocator.ForSystem([folder]).Locate(CudaLibrary.CublasLt, path =>
        {
            try
            {
                return path.StartsWith(folder, StringComparison.Ordinal) ? (System.Runtime.InteropServices.NativeLibrary.Load(path), null) : (0, "skipped in this test");
            }
            catch (DllNotFoundException exception)
            {
                return (0, exception.Message);
            }
        });

        Assert.False(search.Found);
        Assert.Contains(search.Attempts, a => a.StartsWith($"{folder}/libcublasLt.so.12 (failed to load: ", StringComparison.Ordinal));
    }
}
