package casework

import "toren/internal/authz"

// Resource describes the case for the policy exactly as the Service does
// when it decides, so that a screen can ask the policy which forms to
// offer without drifting from the Service's own answer.
func (f *File) Resource() authz.Resource { return resource(f) }

// DecisionResource describes decision d of the case for the policy, as
// the Service does when it decides an approval.
func (f *File) DecisionResource(d *Decision) authz.Resource { return decisionResource(f, d) }
