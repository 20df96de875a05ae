namespace MLOps.Tracking.Search;

/// <summary>The CLR type of an order value in a page token.</summary>
internal enum OrderValueKind
{
    Number,
    Text,
    Integer,
}
