import Testing
@testable import Tokenize

@Suite struct TokenUnitTests {
    @Test func rawValuesAreTheCommandLineSpellings() {
        #expect(TokenUnit.allCases.map(\.rawValue) == ["grapheme", "scalar", "byte"])
    }
}
