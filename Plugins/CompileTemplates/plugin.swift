import Foundation
import PackagePlugin

/// Compiles `Views/**/*.mustache` against `Sources/Commonplace/Pages/*.swift` into Swift render functions
/// before the library builds; runs again whenever a template or a page struct changes.
@main
struct CompileTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let views = context.package.directoryURL.appending(path: "Views")
        let pages = target.directoryURL.appending(path: "Pages")
        let output = context.pluginWorkDirectoryURL.appending(path: "CompiledTemplates.swift")
        let inputs = try files(in: views, ending: ".mustache") + files(in: pages, ending: ".swift")
        return [
            .buildCommand(
                displayName: "Compiling templates in Views/",
                executable: try context.tool(named: "template-compiler").url,
                arguments: [views.path, pages.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]),
        ]
    }

    private func files(in directory: URL, ending suffix: String) throws -> [URL] {
        try FileManager.default.subpathsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(suffix) }
            .sorted()
            .map { directory.appending(path: $0) }
    }
}
