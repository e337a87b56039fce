// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "commonplace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "commonplace", targets: ["Run"]),
        .library(name: "Commonplace", targets: ["Commonplace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "Commonplace",
            dependencies: [
                "CArgon2",
                "CCmarkGFM",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            plugins: ["CompileTemplates"]
        ),
        // The template compiler: Views/*.mustache + the page structs of Pages/ -> Swift render functions, at build time.
        .target(name: "TemplateCompilerCore"),
        .executableTarget(
            name: "template-compiler",
            dependencies: ["TemplateCompilerCore"],
            path: "Sources/TemplateCompiler"
        ),
        .plugin(
            name: "CompileTemplates",
            capability: .buildTool(),
            dependencies: ["template-compiler"]
        ),
        .executableTarget(
            name: "Run",
            dependencies: [
                "Commonplace",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "markdown-bench",
            dependencies: ["Commonplace"],
            path: "ops/bench/markdown"
        ),
        .executableTarget(
            name: "hello-bench",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "ops/bench/hello"
        ),
        .testTarget(
            name: "CommonplaceTests",
            dependencies: [
                "Commonplace",
                "TemplateCompilerCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // The reference renderer the compiled templates are checked against.
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
    ]
)
