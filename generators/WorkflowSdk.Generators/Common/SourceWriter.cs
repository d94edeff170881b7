using System;
using System.Text;

namespace WorkflowSdk.Generators.Common;

/// <summary>Writes C# source line by line with the current indentation (four spaces per level).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new StringBuilder();

    public int Indentation { get; private set; }

    public void WriteLine(string line)
    {
        if (line.Length > 0)
        {
            _builder.Append(' ', Indentation * 4);
            _builder.Append(line);
        }

        _builder.Append('\n');
    }

    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes <paramref name="header"/> (when given) and an opening brace, then indents.</summary>
    public void OpenBlock(string? header = null)
    {
        if (header != null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        Indentation++;
    }

    /// <summary>Unindents, then writes a closing brace.</summary>
    public void CloseBlock()
    {
        if (Indentation == 0)
        {
            throw new InvalidOperationException("Unbalanced block.");
        }

        Indentation--;
        WriteLine("}");
    }

    public override string ToString() => _builder.ToString();
}
