// Number formatting shared by lessons 8 and 9.

/// 60000 → "60,000".
func thousandsSeparated(_ value: Int) -> String {
    let digits = String(abs(value))
    var result = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0 && (digits.count - offset) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return value < 0 ? "-" + result : result
}
