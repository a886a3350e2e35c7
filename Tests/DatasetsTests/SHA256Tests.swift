import Foundation
import Testing
@testable import Datasets

@Suite("SHA-256")
struct SHA256Tests {
    // FIPS 180-4 / NIST example digests.
    @Test("empty message")
    func empty() {
        #expect(SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("\"abc\"")
    func abc() {
        #expect(SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("448-bit two-block message")
    func twoBlock() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hexDigest(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("one million 'a', fed in uneven pieces")
    func millionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(SHA256.hexDigest([UInt8](repeating: 0x61, count: 1_000_000)) == expected)
        var hasher = SHA256()
        var fed = 0
        var pieceLength = 1
        while fed < 1_000_000 {
            let length = min(pieceLength, 1_000_000 - fed)
            hasher.update([UInt8](repeating: 0x61, count: length))
            fed += length
            pieceLength = pieceLength * 7 % 997 + 1   // ragged: crosses block boundaries at every offset
        }
        #expect(hasher.finalize().map(hexByte).joined() == expected)
    }

    @Test("every length 0...200 matches Python's hashlib (padding boundaries)",
          .enabled(if: pythonAvailable, "needs python3"))
    func paddingBoundaries() throws {
        let message = (0..<200).map { UInt8(($0 * 37 + 11) % 256) }
        let script = """
        import hashlib
        m = bytes((i * 37 + 11) % 256 for i in range(200))
        for n in range(201): print(hashlib.sha256(m[:n]).hexdigest())
        """
        let expected = try #require(runPython(script)).split(separator: "\n").map(String.init)
        try #require(expected.count == 201)
        for length in 0...200 {
            #expect(SHA256.hexDigest(Array(message[0..<length])) == expected[length], "length \(length)")
        }
    }
}
