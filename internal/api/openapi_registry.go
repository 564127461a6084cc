package api

import (
	"net/http"

	"toren/internal/intake"
	"toren/internal/radar"
	"toren/internal/registry"
)

// The OpenAPI part of the radar's review queue and of merging registry
// persons.

func registryPaths() obj {
	id := func(what string) obj {
		return obj{"name": "id", "in": "path", "required": true, "description": "The " + what + "'s ID.",
			"schema": obj{"type": "integer", "format": "int64"}}
	}
	post := func(opID, summary, description, input, output, what string) obj {
		return obj{
			"operationId": opID,
			"summary":     summary,
			"description": description,
			"parameters":  []any{id(what)},
			"requestBody": obj{"required": true, "content": obj{"application/json": obj{"schema": schemaRef(input)}}},
			"responses": responses(
				http.StatusOK, jsonResponse("Done.", output),
				http.StatusForbidden, responseRef("Forbidden"),
				http.StatusNotFound, responseRef("NotFound"),
				http.StatusConflict, problemResponse("Someone changed it first, or the state forbids it; reload and try again."),
				http.StatusRequestEntityTooLarge, responseRef("TooLarge"),
				http.StatusUnsupportedMediaType, responseRef("UnsupportedMedia"),
				http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
				http.StatusInternalServerError, responseRef("InternalError"),
			),
		}
	}
	return obj{
		"/api/v1/review-items": obj{
			"get": obj{
				"operationId": "listReviewItems",
				"summary":     "List the radar's review items, oldest first",
				"description": "Links the radar could not decide: the mention was given a new registry person and a reviewer " +
					"decides whether it is the candidate. Each item comes with both persons, the mention as named and the " +
					"per-field evidence with the score and the thresholds.",
				"parameters": []any{
					obj{"name": "status", "in": "query", "description": "open (default), accepted or rejected.",
						"schema": enum([]string{string(registry.ReviewOpen), string(registry.ReviewAccepted), string(registry.ReviewRejected)})},
					obj{"name": "after", "in": "query", "description": "The `next` cursor of the page before.", "schema": obj{"type": "string"}},
					paramRef("Limit"),
				},
				"responses": responses(
					http.StatusOK, jsonResponse("A page of review items", "ReviewList"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusUnprocessableEntity, responseRef("ValidationFailed"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
		"/api/v1/review-items/{id}": obj{
			"get": obj{
				"operationId": "getReviewItem",
				"summary":     "Get one review item with both persons and the evidence",
				"parameters":  []any{id("review item")},
				"responses": responses(
					http.StatusOK, jsonResponse("The review item", "ReviewView"),
					http.StatusForbidden, responseRef("Forbidden"),
					http.StatusNotFound, responseRef("NotFound"),
					http.StatusInternalServerError, responseRef("InternalError"),
				),
			},
		},
		"/api/v1/review-items/{id}/decision": obj{
			"post": post("decideReviewItem", "Decide a review item",
				"same_person links the mention to the candidate (of a merge proposal: merges new_person_id into "+
					"person_id, which needs full access to both, 403 otherwise); different_persons keeps its own person. The note is "+
					"required. version is the item's version as read: of two reviewers deciding at once one wins, the "+
					"other gets 409.", "ReviewDecision", "ReviewItem", "review item"),
		},
		"/api/v1/persons/{id}/merge": obj{
			"post": post("mergePerson", "Merge another registry person into this one",
				"Every mention and review item of person_id moves to this person, which takes the other's values for "+
					"fields it does not know. The reason is required. A person merged away already cannot take part (409). "+
					"Undo with unmerge on the absorbed person.", "MergeInput", "Merge", "surviving person"),
		},
		"/api/v1/persons/{id}/unmerge": obj{
			"post": post("unmergePerson", "Undo the merge that absorbed this person",
				"Restores what the merge changed: the moved mentions and review items and both persons' values. "+
					"When a later merge moved the mentions on, that one must be undone first (409).", "UnmergeInput", "Merge", "absorbed person"),
		},
	}
}

func registrySchemas() obj {
	fields := make([]string, 0, radar.NumFields)
	for f := radar.Field(0); f < radar.NumFields; f++ {
		fields = append(fields, f.String())
	}
	score := func(d string) obj { return described(obj{"type": "number"}, d) }
	freeObject := func(d string) obj { return described(obj{"type": "object"}, d) }
	return obj{
		"ReviewItem": object(obj{
			"id": integer(),
			"kind": described(enum([]string{registry.KindMention, registry.KindMerge}),
				"mention: is the mention (linked to new_person_id) the candidate person_id? merge: a merge proposal, "+
					"are the registry persons person_id and new_person_id one (the mention showed they fit one)? "+
					"same_person then merges new_person_id into person_id through the merge path."),
			"mention_id":    integer(),
			"report_id":     integer(),
			"report_number": str(),
			"person_id":     described(integer(), "The candidate."),
			"new_person_id": described(integer(), "The person made for the mention meanwhile."),
			"score":         score("log2 posterior odds that the mention is the candidate."),
			"evidence":      freeObject("The radar's explanation, as in ReviewView.explanation."),
			"status":        enum([]string{string(registry.ReviewOpen), string(registry.ReviewAccepted), string(registry.ReviewRejected)}),
			"created_at":    dateTime(),
			"decided_by":    str(),
			"decided_at":    dateTime(),
			"reason":        described(str(), "The reviewer's note."),
			"version":       integer(),
			"urgent":        described(boolean(), "The candidate is a person of an open case or one in monitoring: the item leads the queue."),
		}, "id", "mention_id", "report_id", "report_number", "person_id", "new_person_id", "score", "evidence", "status", "created_at", "version", "urgent", "kind"),
		"ReviewView": object(obj{
			"item":        schemaRef("ReviewItem"),
			"mention":     described(schemaRef("Mention"), "The person as the report named them."),
			"candidate":   schemaRef("Person"),
			"new_person":  schemaRef("Person"),
			"explanation": schemaRef("Explanation"),
			"thresholds":  schemaRef("Thresholds"),
			"limited":     schemaRef("ReviewLimits"),
		}, "item", "mention", "candidate", "new_person", "explanation", "thresholds", "limited"),
		"ReviewList": object(obj{
			"items": array(schemaRef("ReviewView")),
			"next":  described(nullable(str()), "Pass as after for the next page; null when the page was not full."),
		}, "items", "next"),
		"Explanation": object(obj{
			"outcome":        enum([]string{string(radar.OutcomeLink), string(radar.OutcomeReview), string(radar.OutcomeNew)}),
			"reason":         str(),
			"person_id":      described(integer(), "The candidate the decision is about."),
			"score":          score("weight + prior: the log2 posterior odds."),
			"weight":         score("Sum of the field weights, in bits."),
			"prior":          score("log2 prior odds of one given registry person."),
			"probability":    obj{"type": "number", "minimum": 0, "maximum": 1},
			"identity":       score("Evidence from the fields relatives do not share."),
			"bsn":            boolean(),
			"contradictions": array(enum(fields)),
			"fields":         array(schemaRef("FieldEvidence")),
			"others":         array(schemaRef("OtherCandidate")),
		}, "outcome", "reason", "person_id", "score", "weight", "prior", "probability", "identity", "fields"),
		"FieldEvidence": object(obj{
			"field":  enum(fields),
			"level":  described(str(), "The comparison's outcome, such as exact, typo or disagree."),
			"weight": score("Bits: positive speaks for one person, negative against."),
			"tf":     described(boolean(), "The weight was adjusted for how common the value is."),
		}, "field", "level", "weight"),
		"OtherCandidate": object(obj{"person_id": integer(), "score": obj{"type": "number"}}, "person_id", "score"),
		"Thresholds": object(obj{
			"link":      score("At or above: linked without review."),
			"review":    score("At or above (and below link): a person decides."),
			"margin":    score("A link also needs this lead over the next candidate."),
			"identity":  score("A link also needs this much identity evidence."),
			"relative":  score("Below this identity evidence a candidate is taken for a relative."),
			"household": score("Identity evidence credited to a candidate living with the persons linked beside the mention in the same report."),
			"family":    score("Identity evidence credited to a candidate named in earlier reports beside the persons linked beside the mention."),
		}, "link", "review", "margin", "identity", "relative", "household", "family"),
		"ReviewDecision": object(obj{
			"version":  described(integer(), "The item's version as read."),
			"decision": enum([]string{registry.SamePerson, registry.DifferentPersons}),
			"note":     maxLength(str(), 2000),
		}, "version", "decision", "note"),
		"MergeInput": object(obj{
			"person_id": described(integer(), "The person to absorb."),
			"reason":    maxLength(str(), 2000),
		}, "person_id", "reason"),
		"UnmergeInput": object(obj{"reason": maxLength(str(), 2000)}, "reason"),
		"Merge": object(obj{
			"id":             integer(),
			"survivor_id":    integer(),
			"absorbed_id":    integer(),
			"reason":         str(),
			"merged_by":      str(),
			"merged_at":      dateTime(),
			"unmerged_by":    str(),
			"unmerged_at":    dateTime(),
			"unmerge_reason": str(),
			"mentions":       described(array(integer()), "The mentions the merge moved."),
			"review_items":   described(array(integer()), "The review items the merge changed."),
			"version":        integer(),
		}, "id", "survivor_id", "absorbed_id", "reason", "merged_by", "merged_at", "mentions", "review_items", "version"),
		"MentionLink": object(obj{
			"mention_id": integer(),
			"person_id":  integer(),
			"method": described(enum([]string{string(intake.LinkBSN), string(intake.LinkProbabilistic), string(intake.LinkExact), string(intake.LinkReviewer)}),
				"How the mention was linked; absent when it made a new registry person."),
			"score":     score("The radar's score, for its links and a reviewer's."),
			"evidence":  freeObject("The radar's explanation (see Explanation)."),
			"linked_by": described(str(), "system, or the reviewer."),
			"merge":     schemaRef("MergeRef"),
		}, "mention_id", "person_id"),
		"MergeRef": object(obj{
			"merge_id":       integer(),
			"from_person_id": described(integer(), "The person the mention was linked to before the merge."),
			"by":             str(),
			"at":             dateTime(),
		}, "merge_id", "from_person_id", "by", "at"),
	}
}
