import Foundation
import Testing
@testable import LessonEngine

@Suite("HTML export")
struct HTMLExportTests {
    /// Exports the fixture course; returns the site directory and the summary.
    func export(course: URL, registry: StageRegistry = exportRegistry, recordings: OutputRecordingStore? = nil,
                settings: HTMLExport.Settings = .init(), into site: URL? = nil) throws -> (URL, HTMLExport.Summary) {
        let catalogue = try LessonCatalogue.load(root: course, registry: registry)
        let directory = site ?? temporaryDirectory().appendingPathComponent("site/nested")
        let summary = try HTMLExport(catalogue: catalogue, registry: registry, recordings: recordings)
            .run(into: directory, settings: settings)
        return (directory, summary)
    }

    @Test("every page is well-formed XML, and every page of the course is written")
    func wellFormed() throws {
        // BACKPROP_HTML_EXPORT_SAMPLE=DIR keeps the site there for a look in a browser.
        let keep = ProcessInfo.processInfo.environment["BACKPROP_HTML_EXPORT_SAMPLE"].map { URL(fileURLWithPath: $0) }
        let (site, summary) = try export(course: exportCourse(), into: keep)
        let pages = sitePages(site)
        #expect(Set(pages.keys) == ["index.html", "01-outputs.html", "02-broken.html", "03-last.html"])
        #expect(summary.index == site.appendingPathComponent("index.html"))
        for (name, page) in pages {
            let parsed = parseXML(page)
            #expect(parsed.error == nil, "\(name) is not well-formed: \(parsed.error ?? "")")
        }
    }

    @Test("every href resolves to a written page or an anchor in its page; the only external link is the lesson's own; nothing loads from the network")
    func linksResolve() throws {
        let (site, _) = try export(course: exportCourse())
        let pages = sitePages(site)
        var ids: [String: Set<String>] = [:]
        var hrefs: [String: [String]] = [:]
        for (name, page) in pages {
            let elements = try #require(parseXML(page).elements)
            ids[name] = Set(elements.compactMap { $0.attributes["id"] })
            hrefs[name] = elements.compactMap { $0.attributes["href"] }
            // Offline: no script, and no element fetches anything (src, a stylesheet link).
            #expect(!page.contains("<script"), "\(name) has a script")
            #expect(elements.allSatisfy { $0.attributes["src"] == nil && $0.name != "link" }, "\(name) loads a resource")
        }
        var checked = 0
        for (name, links) in hrefs {
            for href in links {
                if href.hasPrefix("https://") {
                    #expect(href == "https://example.com/?a=1&b=2",
                            "unexpected external link \(href) in \(name)")
                    continue
                }
                let parts = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? name : parts[0]
                #expect(pages[file] != nil, "\(name) links to \(href), which was not written")
                if parts.count == 2 {
                    #expect(ids[file]?.contains(parts[1]) == true, "\(name) links to \(href), but there is no id \(parts[1])")
                }
                checked += 1
            }
        }
        // Index → 3 lessons + start link; each lesson page has nav top and bottom.
        #expect(checked >= 4 + 3 * 2)
        #expect(hrefs["01-outputs.html"]?.contains("#heading-tag") == true)
        #expect(hrefs["02-broken.html"]?.contains("01-outputs.html") == true)
        #expect(hrefs["02-broken.html"]?.contains("03-last.html") == true)
    }

    @Test("every chart SVG has its axes, tick labels, axis labels and one series path per series")
    func charts() throws {
        let (site, _) = try export(course: exportCourse())
        let page = try #require(sitePages(site)["01-outputs.html"])
        let charts = svgElements(in: page, class: "bp-chart")
        #expect(charts.count == 2)
        let expectedSeries = [["train <loss>", "val & test"], ["central"]]
        for (svg, names) in zip(charts, expectedSeries) {
            let elements = try #require(parseXML(svg).elements, "chart SVG not well-formed")
            #expect(elements.contains { $0.classes.contains("axes") })
            #expect(elements.filter { $0.name == "text" && $0.classes.contains("x-tick") }.count >= 2)
            #expect(elements.filter { $0.name == "text" && $0.classes.contains("y-tick") }.count >= 2)
            #expect(elements.contains { $0.classes.contains("x-label") })
            #expect(elements.contains { $0.classes.contains("y-label") })
            let paths = elements.filter { $0.name == "path" && $0.classes.contains("series") && $0.classes.contains("line") }
            #expect(paths.count == names.count)
            if names.count > 1 {
                let allText = elements.map(\.text).joined(separator: "\n")
                for name in names { #expect(allText.contains(name), "legend lacks \(name)") }
            }
        }
        #expect(svgElements(in: page, class: "bp-heatmap").count == 1)
        #expect(svgElements(in: page, class: "bp-image").count == 2)
    }

    @Test("<script> and & in prose, code, tables and outputs render as text, never as markup")
    func escaping() throws {
        let (site, _) = try export(course: exportCourse())
        let page = try #require(sitePages(site)["01-outputs.html"])
        let elements = try #require(parseXML(page).elements)
        // No script at all: maths is MathML, written into the page.
        #expect(!elements.contains { $0.name == "script" })
        #expect(!elements.contains { ["b", "i", "tag", "a"].contains($0.name) && $0.attributes["href"] == nil })
        // Tags stripped and entities decoded by the test's own code: a literal `<script>…</script>`
        // can only survive that if it was escaped text, not a tag.
        let text = stripTagsAndUnescape(page)
        for literal in ["<script>alert(1)</script> & ", "\"<script>\" && x < y // <b>", "col <a>", "col & b", "<i>x</i>",
                        "1 & 2", "Stage says <script>alert('x')</script> & ", "<script>evil()</script>", "Tom & Jerry",
                        "Scores <b>&</b>", "Every <output> & kind", "Try <harder> & longer."] {
            #expect(text.contains(literal), "missing literal text: \(literal)")
        }
        // The lesson's external link keeps its & as one attribute value.
        #expect(elements.contains { $0.name == "a" && $0.attributes["href"] == "https://example.com/?a=1&b=2" })
        // Maths keeps its LaTeX for KaTeX and shows a Unicode fallback.
        #expect(elements.contains { $0.attributes["data-latex"] == "\\frac{a}{b} < c" })
        #expect(elements.contains { $0.attributes["data-latex"] == "a < b \\& c" && $0.classes.contains("display") })
    }

    @Test("outputs appear in place, after the text before their run and before the text after it")
    func inPlace() throws {
        let (site, _) = try export(course: exportCourse())
        let page = try #require(sitePages(site)["01-outputs.html"])
        func position(_ needle: String) throws -> String.Index { try #require(page.range(of: needle)?.lowerBound, "no \(needle)") }
        #expect(try position("Before the run") < position("Tom &amp; Jerry"))
        #expect(try position("Tom &amp; Jerry") < position("After the run"))
        #expect(try position("After the run") < position("error small"))
        #expect(try position("▶ run outputs") < position("Stage says"))
    }

    @Test("a failing lesson gets its page with the failed checks and the error; the index says which failed")
    func failingLesson() throws {
        let (site, summary) = try export(course: exportCourse())
        #expect(summary.failedLessons.map(\.number) == [2])
        let pages = sitePages(site)
        let broken = try #require(pages["02-broken.html"])
        let text = try #require(parseXML(broken).elements).map(\.text).joined(separator: "\n")
        #expect(text.contains("Lesson 2 failed: 2 of 2 checks did not hold."))
        #expect(text.contains("the <fixture> stage failed & stopped"))
        #expect(text.contains("worst: W[0,1] & b[2]"))
        #expect(text.contains("Text after."))
        let indexPage = try #require(pages["index.html"])
        let index = try #require(parseXML(indexPage).elements)
        let statuses = index.filter { $0.classes.contains("status") }.map { ($0.classes, $0.text) }
        #expect(statuses.map(\.1) == ["✓ passed", "✗ failed", "✓ passed"])
    }

    @Test("--reuse replays the recorded outputs without running the stage; a changed lesson runs again")
    func reuse() throws {
        let course = exportCourse()
        let recordings = OutputRecordingStore(directory: temporaryDirectory().appendingPathComponent("outputs"))
        let (first, _) = try export(course: course, recordings: recordings)
        let original = try #require(sitePages(first)["01-outputs.html"])
        let (second, summary) = try export(course: course, registry: trapRegistry, recordings: recordings,
                                           settings: .init(reuse: true))
        let replayed = try #require(sitePages(second)["01-outputs.html"])
        #expect(!replayed.contains("TRAP"), "the stage ran despite --reuse")
        #expect(summary.failedLessons.map(\.number) == [2])
        // Same page apart from the note saying when it ran.
        func withoutNote(_ page: String) -> String {
            page.split(separator: "\n").filter { !$0.contains("class=\"run-note\"") }.joined(separator: "\n")
        }
        #expect(withoutNote(original) == withoutNote(replayed))

        // Edit lesson 3: its recording no longer fits, so it runs (and meets the trap).
        write("---\nid: last\ntitle: The last one\nstage: fixture\n---\nChanged text.\n\n::: run passing\n",
              to: course.appendingPathComponent("lessons/03-last.md"))
        let (third, _) = try export(course: course, registry: trapRegistry, recordings: recordings, settings: .init(reuse: true))
        #expect(sitePages(third)["03-last.html"]?.contains("TRAP: the stage ran") == true)
        #expect(sitePages(third)["01-outputs.html"]?.contains("TRAP") == false)
    }

    @Test("--lessons: other lessons get text-only pages (or keep theirs) and show as not run")
    func selection() throws {
        let course = exportCourse()
        let site = temporaryDirectory()
        write("kept", to: site.appendingPathComponent("03-last.html"))
        let (_, summary) = try export(course: course, settings: .init(selection: [1]), into: site)
        #expect(summary.entries.map(\.status) == [.passed, .notRun, .notRun])
        let pages = sitePages(site)
        #expect(pages["03-last.html"] == "kept")
        let broken = try #require(pages["02-broken.html"])
        #expect(parseXML(broken).error == nil)
        #expect(broken.contains("Not run in this export"))
        #expect(!broken.contains("did not hold"))
    }

    @Test("a path that is a file is refused with an error naming it; a missing directory is created")
    func notADirectory() throws {
        let file = temporaryDirectory().appendingPathComponent("a-file")
        write("x", to: file)
        #expect {
            _ = try export(course: exportCourse(), into: file)
        } throws: { error in
            guard case .notADirectory(let path) = error as? HTMLExportError else { return false }
            return path == file.path && "\(error)".contains("is not a directory")
        }
        let missing = temporaryDirectory().appendingPathComponent("a/b/c")
        _ = try export(course: exportCourse(), into: missing)
        #expect(FileManager.default.fileExists(atPath: missing.appendingPathComponent("index.html").path))
        // No temp files left behind by the atomic writes.
        let names = try FileManager.default.contentsOfDirectory(atPath: missing.path)
        #expect(names.allSatisfy { !$0.hasPrefix(".") })
    }

}
