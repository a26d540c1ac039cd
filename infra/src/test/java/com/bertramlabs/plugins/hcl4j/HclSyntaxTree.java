package com.bertramlabs.plugins.hcl4j;

import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;

/**
 * hcl4j's syntax tree of an HCL text, as its lexer builds it. {@link HCLParser#parse} goes on to evaluate the tree,
 * and drops what it cannot evaluate without Terraform (function calls over variables, conditionals, resource
 * attributes), which are exactly the references the infrastructure tests check; the lexer is package-private, hence
 * this class in hcl4j's package.
 */
public final class HclSyntaxTree {

    private HclSyntaxTree() {
    }

    /** @throws HCLParserException for text the lexer cannot read, naming the line and column */
    public static List<Symbol> of(String hcl) throws IOException, HCLParserException {
        HCLLexer lexer = new HCLLexer(new StringReader(hcl));
        lexer.yylex();
        return lexer.elementStack;
    }
}
