namespace MLOps.DataVersioning;

/// <summary>Options of <see cref="DataRepository.CheckoutAsync"/>.</summary>
public sealed class CheckoutOptions
{
    /// <summary>How files are put in place. Default <see cref="CheckoutLink.Copy"/>; linked files are read-only.</summary>
    public CheckoutLink Link { get; init; } = CheckoutLink.Copy;

    /// <summary>Overwrite files whose content differs from the commit's (local changes). Default false: such a file is a conflict.</summary>
    public bool Force { get; init; }
}
