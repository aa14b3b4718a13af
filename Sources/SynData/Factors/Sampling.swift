import SynCore

/// How items are chosen from the factor domains.
public enum Sampling: Sendable, Equatable {
    /// The full product of all factor lists (mixed radix, last-listed factor fastest).
    case grid
    /// `count` items; each factor drawn independently and uniformly from the item's own
    /// stream, in column order (see ``ItemSampler``).
    case random(count: Int)
}
