// CsDefs: the definitions of C# files as NRefactory 5 (mcs's parser as a library, on Mono:
// Debian's libicsharpcode-nrefactory-csharp5.0-cil) reads them, named by editscope's naming
// table (README "Qualified paths", C# rows), for scripts/oracle-replay. It reads C# 5 (later
// syntax is a parse error there: such files are left out, and counted). Usage: mono
// CsDefs.exe FILE... (or the names on standard input); prints one JSON object per file and
// line: {"file", "error", "defs": [{"path", "kind", "start", "end", "parent"}]}, byte
// offsets [start, end) of the UTF-8 text, parent the enclosing definition's index or -1.
//
// The rules, as documented: a namespace is one path segment, its dotted name; types in the
// file, in namespaces and in types; members: methods (overloads share a path), constructors
// named by their class (the static one too), the finalizer `~Foo`, operators (`operator+`,
// `operator int`), the indexer `this`, properties, events, enum members and fields (one
// declaration of several variables: one symbol per variable, its declarator with the `,` or
// `;` after it); local functions and lambdas are no symbols; attributes are part of the
// declaration, and the `///` (or `/** */`) doc comments above it belong to it.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ICSharpCode.NRefactory;
using ICSharpCode.NRefactory.CSharp;

class CsDefs
{
    class Def { public string Path, Kind; public int Start, End, Parent; }

    static void Main(string[] args)
    {
        var names = args.ToList();
        if (names.Count == 0)
        {
            string l;
            while ((l = Console.In.ReadLine()) != null) if (l.Length > 0) names.Add(l);
        }
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        foreach (var name in names)
        {
            var sb = new StringBuilder("{\"file\":" + Q(name));
            try
            {
                // Decoded as is: a byte order mark stays a character, so offsets match the bytes.
                var src = new UTF8Encoding(false).GetString(File.ReadAllBytes(name));
                // `#nullable` (C# 8) changes no declaration; NRefactory 5 does not know it:
                // blanked, offsets kept.
                var masked = System.Text.RegularExpressions.Regex.Replace(src, @"^[ \t]*#[ \t]*nullable\b[^\r\n]*", mm => new string(' ', mm.Length), System.Text.RegularExpressions.RegexOptions.Multiline);
                var tree = new CSharpParser().Parse(masked, name);
                var defs = new List<Def>();
                if (tree.Errors.Count > 0)
                {
                    var e = tree.Errors[0];
                    sb.Append(",\"error\":" + Q("line " + e.Region.BeginLine + ": " + e.Message));
                }
                else
                {
                    var w = new Walker(src, defs);
                    foreach (var c in tree.Children) w.Visit(c, "", -1);
                }
                var bytes = ByteOffsets(src);
                sb.Append(",\"defs\":[");
                for (int i = 0; i < defs.Count; i++)
                {
                    var d = defs[i];
                    if (i > 0) sb.Append(',');
                    sb.Append("{\"path\":" + Q(d.Path) + ",\"kind\":" + Q(d.Kind) + ",\"start\":" + bytes[d.Start] + ",\"end\":" + bytes[d.End] + ",\"parent\":" + d.Parent + "}");
                }
                sb.Append("]}");
            }
            catch (Exception ex)
            {
                sb.Append(",\"error\":" + Q(ex.GetType().Name + ": " + ex.Message) + ",\"defs\":[]}");
            }
            stdout.WriteLine(sb.ToString());
        }
        stdout.Flush();
    }

    class Walker
    {
        readonly string src;
        readonly List<Def> defs;
        readonly List<int> lineStarts = new List<int> { 0 };

        public Walker(string src, List<Def> defs)
        {
            this.src = src;
            this.defs = defs;
            for (int i = 0; i < src.Length; i++)
            {
                if (src[i] == '\r' && i + 1 < src.Length && src[i + 1] == '\n') continue;
                if (src[i] == '\n' || src[i] == '\r') lineStarts.Add(i + 1);
            }
        }

        int Off(TextLocation l) { return lineStarts[l.Line - 1] + l.Column - 1; }

        // The start of a declaration with the doc comments above it (across blank lines; a
        // plain comment stops).
        int Start(AstNode n)
        {
            int s = Off(n.StartLocation);
            for (var p = n.PrevSibling; p != null; p = p.PrevSibling)
            {
                var c = p as Comment;
                if (c == null) {
                    if (p is NewLineNode || p is WhitespaceNode) continue;
                    break;
                }
                bool doc = c.CommentType == CommentType.Documentation || c.CommentType == CommentType.MultiLineDocumentation;
                var text = src.Substring(Off(c.StartLocation), Math.Min(4, src.Length - Off(c.StartLocation)));
                if (!doc || text.StartsWith("////") || text.StartsWith("/**/")) break;
                int cs = Off(c.StartLocation);
                var gap = src.Substring(Off(c.EndLocation), s - Off(c.EndLocation));
                if (gap.Trim().Length > 0) break;
                s = cs;
            }
            return s;
        }

        int End(AstNode n) { return Off(n.EndLocation); }

        int Add(string name, string kind, int start, int end, string prefix, int parent)
        {
            defs.Add(new Def { Path = prefix + name, Kind = kind, Start = start, End = end, Parent = parent });
            return defs.Count - 1;
        }

        static string Clean(string name) { return name.StartsWith("@") ? name.Substring(1) : name; }

        int SepAfter(int end)
        {
            int t = end;
            while (t < src.Length && char.IsWhiteSpace(src[t])) t++;
            return t < src.Length && (src[t] == ',' || src[t] == ';') ? t + 1 : end;
        }

        public void Visit(AstNode n, string prefix, int parent)
        {
            var ns = n as NamespaceDeclaration;
            if (ns != null)
            {
                int i = Add(string.Join(".", ns.Identifiers.Select(x => Clean(x))), "module", Start(ns), End(ns), prefix, parent);
                foreach (var c in ns.Members) Visit(c, defs[i].Path + ".", i);
                return;
            }
            var td = n as TypeDeclaration;
            if (td != null)
            {
                string kind = td.ClassType == ClassType.Interface ? "interface" : td.ClassType == ClassType.Enum ? "enum" : td.ClassType == ClassType.Struct ? "struct" : "class";
                int i = Add(Clean(td.Name), kind, Start(td), End(td), prefix, parent);
                foreach (var c in td.Members) Member(c, Clean(td.Name), defs[i].Path + ".", i);
                return;
            }
            var dd = n as DelegateDeclaration;
            if (dd != null) { Add(Clean(dd.Name), "type_alias", Start(dd), End(dd), prefix, parent); return; }
        }

        void Member(EntityDeclaration m, string typeName, string prefix, int parent)
        {
            if (m is TypeDeclaration || m is DelegateDeclaration) { Visit(m, prefix, parent); return; }
            int s = Start(m), e = End(m);
            if (m is ConstructorDeclaration) { Add(typeName, "method", s, e, prefix, parent); return; }
            if (m is DestructorDeclaration) { Add("~" + typeName, "method", s, e, prefix, parent); return; }
            var op = m as OperatorDeclaration;
            if (op != null)
            {
                string name;
                if (op.OperatorType == OperatorType.Implicit || op.OperatorType == OperatorType.Explicit)
                    name = "operator " + Squeeze(src.Substring(Off(op.ReturnType.StartLocation), Off(op.ReturnType.EndLocation) - Off(op.ReturnType.StartLocation)));
                else
                    name = "operator" + OperatorDeclaration.GetToken(op.OperatorType);
                Add(name, "method", s, e, prefix, parent);
                return;
            }
            if (m is IndexerDeclaration) { Add("this", "field", s, e, prefix, parent); return; }
            if (m is MethodDeclaration) { Add(Clean(m.Name), "method", s, e, prefix, parent); return; }
            if (m is PropertyDeclaration || m is CustomEventDeclaration) { Add(Clean(m.Name), "field", s, e, prefix, parent); return; }
            if (m is EnumMemberDeclaration) { Add(Clean(m.Name), "constant", s, SepAfter(e), prefix, parent); return; }
            IEnumerable<VariableInitializer> vars = null;
            var fd = m as FieldDeclaration;
            if (fd != null) vars = fd.Variables;
            var ed = m as EventDeclaration;
            if (ed != null) vars = ed.Variables;
            var fx = m as FixedFieldDeclaration;
            if (vars != null)
            {
                var list = vars.ToList();
                if (list.Count == 1) { Add(Clean(list[0].Name), "field", s, e, prefix, parent); return; }
                foreach (var v in list) Add(Clean(v.Name), "field", Off(v.StartLocation), SepAfter(End(v)), prefix, parent);
            }
        }

        static string Squeeze(string s) { return new string(s.Where(c => !char.IsWhiteSpace(c)).ToArray()); }
    }

    static int[] ByteOffsets(string s)
    {
        var at = new int[s.Length + 1];
        int b = 0;
        for (int i = 0; i < s.Length; i++)
        {
            at[i] = b;
            char c = s[i];
            if (c < 0x80) b += 1;
            else if (c < 0x800) b += 2;
            else if (char.IsHighSurrogate(c)) { b += 4; at[++i] = b; }
            else b += 3;
        }
        at[s.Length] = b;
        return at;
    }

    static string Q(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default: if (ch < 0x20) b.Append("\\u" + ((int)ch).ToString("x4")); else b.Append(ch); break;
            }
        }
        return b.Append('"').ToString();
    }
}
