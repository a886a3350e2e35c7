// Test support for the HTML export: parse our SVG/XHTML output with Foundation's XMLParser
// (an independent, strict parser) into a flat list of elements with their text.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One parsed element: name, attributes and the text directly inside it (entities decoded by
/// the parser, not by our code).
struct ParsedElement {
    var name: String
    var attributes: [String: String]
    var text: String
    var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }
}

/// Parses `xml`; returns nil (and the parser error) if it is not well-formed.
func parseXML(_ xml: String) -> (elements: [ParsedElement]?, error: String?) {
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [ParsedElement] = []
        var stack: [Int] = []
        var mismatch: String?
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            elements.append(ParsedElement(name: elementName, attributes: attributeDict, text: ""))
            stack.append(elements.count - 1)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            // Linux's XMLParser recovers from some mismatched end tags; check nesting ourselves.
            guard let top = stack.popLast(), elements[top].name == elementName else {
                mismatch = mismatch ?? "unexpected </\(elementName)>"
                return
            }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let top = stack.last { elements[top].text += string }
        }
    }
    let parser = XMLParser(data: Data(xml.utf8))
    let collector = Collector()
    parser.delegate = collector
    if parser.parse() {
        if let mismatch = collector.mismatch { return (nil, mismatch) }
        if !collector.stack.isEmpty { return (nil, "unclosed elements at end of document") }
        return (collector.elements, nil)
    }
    return (nil, parser.parserError.map { "\($0)" } ?? "unknown XML error")
}

/// Removes every `<…>` tag (our output never has `>` inside attribute values unescaped … we
/// escape `>` everywhere) and decodes the five entities — independent of `HTMLEscaping`.
func stripTagsAndUnescape(_ html: String) -> String {
    var text = ""
    var inTag = false
    for character in html {
        if character == "<" { inTag = true } else if character == ">" && inTag { inTag = false } else if !inTag { text.append(character) }
    }
    return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
        .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
        .replacingOccurrences(of: "&amp;", with: "&")
}

/// Path data split into commands: letter and numbers, e.g. `M10 20L30 40` → [("M",[10,20]), ("L",[30,40])].
func pathCommands(_ d: String) -> [(command: Character, numbers: [Double])] {
    var commands: [(Character, [Double])] = []
    var number = ""
    func flush() {
        if !number.isEmpty, let value = Double(number), !commands.isEmpty { commands[commands.count - 1].1.append(value) }
        number = ""
    }
    for character in d {
        if character.isLetter {
            flush()
            commands.append((character, []))
        } else if character == " " || character == "," {
            flush()
        } else if character == "-" && !number.isEmpty {
            flush()
            number = "-"
        } else {
            number.append(character)
        }
    }
    flush()
    return commands
}

/// SplitMix64, seeded, so randomised HTML tests reproduce.
struct HTMLTestGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
