import Foundation
import TemplateCompilerCore

// template-compiler VIEWS_DIR PAGES_DIR OUTPUT_FILE
// Compiles the Mustache templates against the page structs; prints errors as `file:line: error: message`.
let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: template-compiler VIEWS_DIR PAGES_DIR OUTPUT_FILE\n".utf8))
    exit(2)
}
let views = URL(fileURLWithPath: arguments[1], isDirectory: true)
let pages = URL(fileURLWithPath: arguments[2], isDirectory: true)
let output = URL(fileURLWithPath: arguments[3])
do {
    switch try TemplateCompiler.compile(viewsDirectory: views, pagesDirectory: pages) {
    case .success(let source):
        // Rewrite only on change, so an unchanged template set does not recompile the library.
        if (try? String(contentsOf: output, encoding: .utf8)) != source {
            try source.write(to: output, atomically: true, encoding: .utf8)
        }
    case .failure(let failure):
        for error in failure.errors { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("template-compiler: \(error)\n".utf8))
    exit(1)
}
