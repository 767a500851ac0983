/// civic's version: the one place it is written. `civic --version` prints it.
enum CivicVersion {
    static let string = "0.13.0"
}
