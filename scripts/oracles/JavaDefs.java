// JavaDefs: the definitions of Java files as the JDK's own parser (javac, through
// com.sun.source.tree) reads them, named by editscope's naming table (README "Qualified
// paths", Java rows), for scripts/oracle-replay. Usage: java JavaDefs.java FILE... ; prints
// one JSON object per file and line: {"file", "error", "defs": [{"path", "kind", "start",
// "end", "parent"}]}, byte offsets [start, end) of the UTF-8 text, parent the index of the
// enclosing definition or -1.
//
// The rules, as documented: types at the top level and directly in types (`Outer.Inner`);
// methods, constructors (named by their class), annotation elements, enum constants and
// fields as members; a field declaration of one variable is one symbol with the whole
// declaration, one of several is one symbol per variable (its declarator, with the `,` after
// it); code inside methods, initializer blocks, anonymous classes and enum constant bodies
// holds no symbols; annotations are part of the declaration and the Javadoc comment javac
// gives the declaration (with the Javadoc comments right above it, and the other comments
// between it and the declaration) belongs to it.
import com.sun.source.doctree.DocCommentTree;
import com.sun.source.tree.*;
import com.sun.source.util.*;
import java.io.*;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import javax.tools.*;

public class JavaDefs {
    record Def(String path, String kind, int start, int end, int parent) {}

    public static void main(String[] args) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        List<String> names = new ArrayList<>(List.of(args));
        if (names.isEmpty()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String l; (l = in.readLine()) != null; ) if (!l.isEmpty()) names.add(l);
        }
        for (String name : names) {
            StringBuilder sb = new StringBuilder("{\"file\":").append(q(name));
            try {
                byte[] bytes = Files.readAllBytes(Path.of(name));
                String src = new String(bytes, StandardCharsets.UTF_8);
                List<Def> defs = new ArrayList<>();
                String err = parse(javac, name, src, defs);
                if (err != null) sb.append(",\"error\":").append(q(err));
                sb.append(",\"defs\":[");
                int[] byteAt = byteOffsets(src);
                for (int i = 0; i < defs.size(); i++) {
                    Def d = defs.get(i);
                    if (i > 0) sb.append(',');
                    sb.append("{\"path\":").append(q(d.path)).append(",\"kind\":").append(q(d.kind))
                      .append(",\"start\":").append(byteAt[d.start]).append(",\"end\":").append(byteAt[d.end])
                      .append(",\"parent\":").append(d.parent).append('}');
                }
                sb.append("]}");
            } catch (Exception e) {
                sb.append(",\"error\":").append(q(e.toString())).append(",\"defs\":[]}");
            }
            out.println(sb);
        }
    }

    /** UTF-16 index -> UTF-8 byte offset. */
    static int[] byteOffsets(String s) {
        int[] at = new int[s.length() + 1];
        int b = 0;
        for (int i = 0; i < s.length(); i++) {
            at[i] = b;
            char c = s.charAt(i);
            if (c < 0x80) b += 1;
            else if (c < 0x800) b += 2;
            else if (Character.isHighSurrogate(c)) { b += 4; at[++i] = b; continue; }
            else b += 3;
        }
        at[s.length()] = b;
        return at;
    }

    static String parse(JavaCompiler javac, String name, String src, List<Def> defs) throws IOException {
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name.replace('\\', '/')), JavaFileObject.Kind.SOURCE) {
            @Override public CharSequence getCharContent(boolean ignore) { return src; }
        };
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        JavacTask task = (JavacTask) javac.getTask(null, null, diags, List.of("-proc:none", "--release", "17"), null, List.of(file));
        Iterable<? extends CompilationUnitTree> units = task.parse();
        for (Diagnostic<?> d : diags.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) return "line " + d.getLineNumber() + ": " + d.getMessage(null);
        }
        DocTrees trees = DocTrees.instance(task);
        comments = comments(src);
        SourcePositions pos = trees.getSourcePositions();
        for (CompilationUnitTree cu : units) {
            for (Tree t : cu.getTypeDecls()) {
                if (t instanceof ClassTree c) type(trees, pos, cu, src, new TreePath(new TreePath(cu), c), "", -1, defs);
            }
        }
        return null;
    }

    static String kindOf(ClassTree c) {
        switch (c.getKind()) {
            case INTERFACE: case ANNOTATION_TYPE: return "interface";
            case ENUM: return "enum";
            default: return "class";
        }
    }

    /** The comments of a source, [start, end) pairs in order (strings and text blocks skipped). */
    static List<int[]> comments(String src) {
        List<int[]> out = new ArrayList<>();
        int i = 0, n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                int e = i;
                while (e < n && src.charAt(e) != '\n' && src.charAt(e) != '\r') e++;
                out.add(new int[] {i, e});
                i = e;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int e = src.indexOf("*/", i + 2);
                e = e < 0 ? n : e + 2;
                out.add(new int[] {i, e});
                i = e;
            } else if (src.startsWith("\"\"\"", i)) {
                int e = i + 3;
                while (e < n && !src.startsWith("\"\"\"", e)) e += src.charAt(e) == '\\' ? 2 : 1;
                i = Math.min(n, e + 3);
            } else if (c == '"' || c == '\'') {
                int e = i + 1;
                while (e < n && src.charAt(e) != c && src.charAt(e) != '\n') e += src.charAt(e) == '\\' ? 2 : 1;
                i = e + 1;
            } else {
                i++;
            }
        }
        return out;
    }

    static List<int[]> comments;

    /** Start of a declaration with its Javadoc comment(s) above it: the one javac gives it,
     *  and the Javadoc comments right above that one (only whitespace between). */
    static int startWithDoc(DocTrees trees, SourcePositions pos, CompilationUnitTree cu, String src, TreePath path, int start) {
        DocCommentTree doc = trees.getDocCommentTree(path);
        if (doc == null) return start;
        int first = start;
        int k = comments.size() - 1;
        while (k >= 0 && comments.get(k)[0] >= first) k--;
        // The comment javac gives is the nearest Javadoc above, other comments (`//`) between
        // them going with it; then the Javadoc comments right above that one.
        boolean found = false;
        int at = first;
        for (; k >= 0; k--) {
            int[] c = comments.get(k);
            if (!src.substring(c[1], at).isBlank()) break;
            String t = src.substring(c[0], c[1]);
            boolean javadoc = t.startsWith("/**") && !t.startsWith("/**/");
            if (found && !javadoc) break;
            at = c[0];
            if (javadoc) {
                found = true;
                first = c[0];
            }
        }
        return first;
    }

    static void type(DocTrees trees, SourcePositions pos, CompilationUnitTree cu, String src, TreePath path, String prefix, int parent, List<Def> defs) {
        ClassTree c = (ClassTree) path.getLeaf();
        String name = prefix + c.getSimpleName();
        int start = startWithDoc(trees, pos, cu, src, path, (int) pos.getStartPosition(cu, c));
        int end = (int) pos.getEndPosition(cu, c);
        defs.add(new Def(name, kindOf(c), start, end, parent));
        int me = defs.size() - 1;
        List<? extends Tree> members = c.getMembers();
        for (int i = 0; i < members.size(); i++) {
            Tree m = members.get(i);
            TreePath mp = new TreePath(path, m);
            int ms = (int) pos.getStartPosition(cu, m);
            int mend = (int) pos.getEndPosition(cu, m);
            if (m instanceof ClassTree inner) {
                type(trees, pos, cu, src, mp, name + ".", me, defs);
            } else if (m instanceof MethodTree mt) {
                // Record components show up as generated members with no position.
                if (ms < 0 || mend < 0) continue;
                String mname = mt.getName().contentEquals("<init>") ? c.getSimpleName().toString() : mt.getName().toString();
                defs.add(new Def(name + "." + mname, "method", startWithDoc(trees, pos, cu, src, mp, ms), separator(src, mend, true), me));
            } else if (m instanceof VariableTree v) {
                if (ms < 0 || mend < 0) continue;
                if (c.getKind() == Tree.Kind.ENUM && isEnumConstant(v)) {
                    int e = separator(src, mend, false);
                    defs.add(new Def(name + "." + v.getName(), "constant", startWithDoc(trees, pos, cu, src, mp, ms), e, me));
                    continue;
                }
                // Several declarators share one type tree.
                int j = i;
                while (j + 1 < members.size() && members.get(j + 1) instanceof VariableTree w && w.getType() == v.getType() && v.getType() != null) j++;
                if (j == i) {
                    defs.add(new Def(name + "." + v.getName(), "field", startWithDoc(trees, pos, cu, src, mp, ms), separator(src, mend, true), me));
                    continue;
                }
                for (int k = i; k <= j; k++) {
                    VariableTree w = (VariableTree) members.get(k);
                    int ns = ((com.sun.tools.javac.tree.JCTree) w).pos; // the name
                    int ne = w.getInitializer() != null ? (int) pos.getEndPosition(cu, w.getInitializer()) : ns + w.getName().length();
                    int t = ne;
                    while (t < src.length() && Character.isWhitespace(src.charAt(t))) t++;
                    if (t < src.length() && src.charAt(t) == ',') ne = t + 1;
                    defs.add(new Def(name + "." + w.getName(), "field", ns, ne, me));
                }
                i = j;
            }
        }
    }

    /** The end of a member with a `,` (or, with `semicolon`, a `;`) right after it. */
    static int separator(String src, int end, boolean semicolon) {
        int t = end;
        while (t < src.length() && Character.isWhitespace(src.charAt(t))) t++;
        if (t < src.length() && (src.charAt(t) == ',' || (semicolon && src.charAt(t) == ';'))) return t + 1;
        return end;
    }

    static boolean isEnumConstant(VariableTree v) {
        return (((com.sun.tools.javac.tree.JCTree.JCVariableDecl) v).mods.flags & (1L << 14)) != 0; // Flags.ENUM
    }

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (ch < 0x20) b.append(String.format("\\u%04x", (int) ch)); else b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
