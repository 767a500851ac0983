// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "civic",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "civic", targets: ["civic"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The zip container of an xlsx workbook (README, "Exports to cite").
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // System libraries, reached through small shims.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // PostgreSQL's C client, for a shared server database (README, "A newsroom's database").
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // One library per stage; data flows down this list.
        .target(name: "CivicDiagnostics"),
        .target(name: "CivicStorage", dependencies: ["CSQLite", "CPostgres", "CivicDiagnostics"]),
        .target(name: "CivicLoad", dependencies: ["CivicStorage", "CivicDiagnostics", "CCrypto"]),
        .target(name: "CivicQuery", dependencies: ["CivicStorage", "CivicDiagnostics"]),
        // A one-page profile: sections of civic queries and their answers.
        .target(name: "CivicProfile", dependencies: ["CivicQuery", "CivicStorage"]),
        .target(name: "CivicOutput", dependencies: ["CivicProfile", "CivicQuery", "CivicStorage", "CivicDiagnostics",
                                                   .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "CivicREPL", dependencies: ["CReadline", "CivicOutput", "CivicProfile", "CivicQuery", "CivicStorage"]),

        // The thin executable.
        .executableTarget(name: "civic", dependencies: [
            "CivicStorage", "CivicLoad", "CivicQuery", "CivicProfile", "CivicOutput", "CivicREPL", "CivicDiagnostics",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Fuzzing (Fuzz/README.md): the generators and targets, the harness, and a short seeded
        // run in the tests. No product: `swift build --product civic-fuzz` builds the harness.
        .target(name: "CivicFuzz", dependencies: ["CivicQuery", "CivicLoad", "CivicStorage", "CivicDiagnostics"],
                path: "Fuzz/Sources/CivicFuzz"),
        .executableTarget(name: "civic-fuzz", dependencies: [
            "CivicFuzz", "CivicQuery", "CivicLoad", "CivicStorage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "Fuzz/Sources/civic-fuzz"),

        .testTarget(name: "CivicStorageTests", dependencies: ["CivicStorage"]),
        .testTarget(name: "CivicLoadTests", dependencies: ["CivicLoad", "CivicStorage", "CivicDiagnostics"], exclude: ["Fixtures", "Malformed"]),
        .testTarget(name: "CivicQueryTests", dependencies: ["CivicQuery", "CivicLoad", "CivicStorage", "CivicDiagnostics"],
                    exclude: ["Queries", "Diagnostics"]),
        .testTarget(name: "CivicOutputTests", dependencies: ["CivicOutput", "CivicProfile", "CivicQuery", "CivicStorage"]),
        .testTarget(name: "CivicREPLTests", dependencies: ["CivicREPL", "CivicProfile", "CivicQuery", "CivicLoad", "CivicStorage"]),
        .testTarget(name: "CivicEndToEndTests", dependencies: ["civic", "CivicStorage", "CivicQuery", "CivicProfile", "CivicOutput"], exclude: ["Fixtures"]),
        .testTarget(name: "CivicFuzzTests", dependencies: ["CivicFuzz", "CivicQuery", "CivicLoad", "CivicStorage"],
                    path: "Fuzz/Tests/CivicFuzzTests"),
    ],
    swiftLanguageModes: [.v6]
)
