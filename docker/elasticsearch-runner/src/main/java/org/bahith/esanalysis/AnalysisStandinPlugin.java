/*
 * Bahith - search engine for Arabic news archives.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package org.bahith.esanalysis;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.fa.PersianNormalizationFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * TEST SUPPORT ONLY: a stand-in for Elasticsearch's {@code analysis-common} module, for the
 * development node of docker/elasticsearch-runner/.
 *
 * <p>Why it exists: Elastic publishes the Elasticsearch server and its {@code transport-netty4}
 * module to Maven Central, but not {@code analysis-common}, the module that registers the
 * filters Bahith's {@code mappings/} name. Production clusters ship {@code analysis-common}; this
 * node has none, and {@code mappings/} must stay exactly what production uses. So this plugin
 * registers the <em>same names and parameters</em> over the <em>same Lucene classes</em>
 * (from the server's own Lucene jars) that {@code analysis-common} uses, and nothing else:
 *
 * <ul>
 *   <li>char filter {@code mapping} ({@code mappings}, {@code mappings_path}; rules
 *       {@code "a => b"} with {@code \\uXXXX}, {@code \\n}, {@code \\t}... escapes);</li>
 *   <li>token filters {@code lowercase}, {@code decimal_digit}, {@code arabic_normalization},
 *       {@code persian_normalization}, {@code arabic_stem};</li>
 *   <li>{@code stemmer} (only {@code language: arabic}: anything else is refused by name, never
 *       silently stemmed another way);</li>
 *   <li>{@code stemmer_override} ({@code rules}, {@code rules_path}; {@code "a, b => c"});</li>
 *   <li>{@code keyword_marker} ({@code keywords}, {@code keywords_path}, {@code ignore_case}).</li>
 * </ul>
 *
 * <p>{@code stop}, {@code standard} and {@code custom} come with the server itself. Whether this
 * stand-in gives the tokens of the embedded analyser is checked the way production is checked:
 * tests/test_opensearch_analysis.py compares {@code _analyze} with the Python analyser (20,000
 * word forms), on Elasticsearch as on OpenSearch. See docs/adr/0030.
 */
public final class AnalysisStandinPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("mapping", needsSettings(MappingCharFilterFactory::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "lowercase", (is, env, name, s) -> normalizing(name, LowerCaseFilter::new, s, "lowercase"),
            "decimal_digit", (is, env, name, s) -> normalizing(name, DecimalDigitFilter::new, s, "decimal_digit"),
            "arabic_normalization", (is, env, name, s) ->
                normalizing(name, ArabicNormalizationFilter::new, s, "arabic_normalization"),
            "persian_normalization", (is, env, name, s) ->
                normalizing(name, PersianNormalizationFilter::new, s, "persian_normalization"),
            "arabic_stem", (is, env, name, s) -> filter(name, ArabicStemFilter::new),
            "stemmer", needsSettings(AnalysisStandinPlugin::stemmer),
            "stemmer_override", needsSettings(AnalysisStandinPlugin::stemmerOverride),
            "keyword_marker", needsSettings(AnalysisStandinPlugin::keywordMarker)
        );
    }

    /** A provider the registry must not instantiate without the index's settings (as analysis-common marks them). */
    private static <T> AnalysisProvider<T> needsSettings(final AnalysisProvider<T> provider) {
        return new AnalysisProvider<T>() {
            @Override
            public T get(IndexSettings indexSettings, Environment environment, String name, Settings settings)
                throws IOException {
                return provider.get(indexSettings, environment, name, settings);
            }

            @Override
            public boolean requiresAnalysisSettings() {
                return true;
            }
        };
    }

    private interface Wrap {
        TokenStream apply(TokenStream input);
    }

    private static TokenFilterFactory filter(final String name, final Wrap wrap) {
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                return wrap.apply(tokenStream);
            }
        };
    }

    /** Filters that also apply to query-time normalization (prefix, wildcard), as in analysis-common. */
    private static TokenFilterFactory normalizing(final String name, final Wrap wrap, final Settings settings,
                                                  final String type) {
        if ("lowercase".equals(type) && settings.get("language") != null) {
            throw new IllegalArgumentException("[" + name + "] the Bahith analysis stand-in supports only the default "
                + "lowercase filter, not language [" + settings.get("language") + "]");
        }
        return new NormalizingTokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                return wrap.apply(tokenStream);
            }
        };
    }

    private static TokenFilterFactory stemmer(IndexSettings is, Environment env, String name, Settings settings) {
        String language = settings.get("language", settings.get("name", "english"));
        if (!"arabic".equals(language.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("[" + name + "] stemmer language [" + language + "] is not in the Bahith "
                + "analysis stand-in (only arabic); production clusters have analysis-common for it");
        }
        return filter(name, ArabicStemFilter::new);
    }

    private static final Pattern OVERRIDE_RULE = Pattern.compile("^(.*?)\\s*=>\\s*(.*)$");

    private static TokenFilterFactory stemmerOverride(IndexSettings is, Environment env, String name, Settings settings)
        throws IOException {
        List<String> rules = Analysis.getWordList(env, settings, "rules");
        if (rules == null) {
            throw new IllegalArgumentException("[" + name + "] stemmer_override requires either `rules` or `rules_path`");
        }
        StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
        for (int i = 0; i < rules.size(); i++) {
            String rule = rules.get(i);
            Matcher m = OVERRIDE_RULE.matcher(rule);
            String override = m.matches() ? m.group(2).trim() : "";
            if (!m.matches() || override.isEmpty() || override.contains("=>")) {
                throw new IllegalArgumentException("[" + name + "] invalid stemmer_override rule " + (i + 1) + ": [" + rule + "]");
            }
            for (String key : m.group(1).split(",")) {
                String trimmed = key.trim();
                if (trimmed.isEmpty()) {
                    throw new IllegalArgumentException("[" + name + "] invalid stemmer_override rule " + (i + 1) + ": [" + rule + "]");
                }
                builder.add(trimmed, override);
            }
        }
        final StemmerOverrideFilter.StemmerOverrideMap map = builder.build();
        return filter(name, input -> new StemmerOverrideFilter(input, map));
    }

    private static TokenFilterFactory keywordMarker(IndexSettings is, Environment env, String name, Settings settings) {
        boolean ignoreCase = settings.getAsBoolean("ignore_case", false);
        Set<?> words = Analysis.getWordSet(env, settings, "keywords");
        if (words == null) {
            throw new IllegalArgumentException("[" + name + "] keyword_marker requires `keywords` or `keywords_path` "
                + "(keywords_pattern is not in the Bahith analysis stand-in)");
        }
        final CharArraySet keywords = new CharArraySet(words, ignoreCase);
        return filter(name, input -> new SetKeywordMarkerFilter(input, keywords));
    }

    /** The `mapping` char filter: rules "from => to" with Java-style escapes, longest match first (Lucene). */
    static final class MappingCharFilterFactory implements NormalizingCharFilterFactory {
        private static final Pattern RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");
        private final String name;
        private final NormalizeCharMap map;

        MappingCharFilterFactory(IndexSettings is, Environment env, String name, Settings settings) {
            this.name = name;
            List<String> rules = Analysis.getWordList(env, settings, "mappings");
            if (rules == null) {
                throw new IllegalArgumentException("[" + name + "] mapping requires either `mappings` or `mappings_path`");
            }
            NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
            for (int i = 0; i < rules.size(); i++) {
                Matcher m = RULE.matcher(rules.get(i));
                String from = m.find() ? unescape(m.group(1).trim()) : null;
                String to = from != null ? unescape(m.group(2).trim()) : null;
                if (from == null || to == null || from.isEmpty()) {
                    throw new IllegalArgumentException("[" + name + "] invalid mapping rule " + (i + 1) + ": [" + rules.get(i) + "]");
                }
                builder.add(from, to);
            }
            this.map = builder.build();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Reader create(Reader reader) {
            return new MappingCharFilter(map, reader);
        }

        /** \\uXXXX, \\n, \\t, \\r, \\b, \\f and a backslash before any other character (kept as that character). */
        static String unescape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (++i >= s.length()) {
                    return null;  // a lone backslash at the end: an invalid rule
                }
                char e = s.charAt(i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 >= s.length()) {
                            return null;  // \\u needs four hex digits
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        } catch (NumberFormatException notHex) {
                            return null;
                        }
                        i += 4;
                    }
                    default -> out.append(e);
                }
            }
            return out.toString();
        }
    }
}
