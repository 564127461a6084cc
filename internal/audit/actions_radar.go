package audit

// Actions of the radar's registry upkeep (besides ActionPersonMerge).
const (
	ActionPersonUnmerge = "person.unmerge" // a merge of two registry persons undone
	ActionReviewLink    = "review.link"    // a reviewer's decision on a radar review item
	// ActionPersonLinkConfirm: the worker taking a report confirmed that a
	// named person is a registry person the radar showed.
	ActionPersonLinkConfirm = "person.link.confirm"
)

// ActionMergePropose: the radar proposed to merge two registry persons a
// new mention showed to be one (a review item of kind merge).
const ActionMergePropose = "person.merge.propose"
