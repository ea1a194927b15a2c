package page

import "testing"

func TestOGLocale(t *testing.T) {
	for locale, want := range map[string]string{
		"en-US": "en_US", "pt-BR": "pt_BR", "zh-CN": "zh_CN", "zh-TW": "zh_TW",
		"ja": "ja_JP", "ko": "ko_KR", "de": "de_DE", "fr": "fr_FR", "es": "es_ES", "ru": "ru_RU",
		"not a locale": "not a locale",
	} {
		if got := ogLocale(locale); got != want {
			t.Errorf("ogLocale(%q) = %q, want %q", locale, got, want)
		}
	}
}
