package lint_test

import (
	"testing"

	"github.com/kbcdev/kbc/internal/diag"
	"github.com/kbcdev/kbc/internal/lint"
)

func TestAllRulesAreValid(t *testing.T) {
	if err := lint.Validate(lint.All()); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRefusesMalformedRules(t *testing.T) {
	run := func(*lint.Pass) {}
	for name, rules := range map[string][]*lint.Rule{
		"no doc":      {{Name: "a-rule", Severity: diag.Error, Run: run}},
		"bad name":    {{Name: "A_Rule", Doc: "x", Severity: diag.Error, Run: run}},
		"no severity": {{Name: "a-rule", Doc: "x", Run: run}},
		"twice":       {{Name: "a-rule", Doc: "x", Severity: diag.Error}, {Name: "a-rule", Doc: "y", Severity: diag.Warning}},
	} {
		if lint.Validate(rules) == nil {
			t.Errorf("%s: Validate accepted it", name)
		}
	}
}
