#!/usr/bin/env bash
# move-event-into-control.sh: moves package softphone/phone/event into softphone/phone/control
# (issue 14, "a leaf contract package"), so that control depends on nothing of ours.
#
#   - phone/event/*.go become phone/control/{event,notification,notification_test}.go;
#   - event.Outgoing and event.Incoming, which duplicate control.DirectionOutgoing and
#     control.DirectionIncoming, are dropped in favour of those;
#   - every Go file importing softphone/phone/event imports softphone/phone/control
#     instead and its selectors event.X become control.X (gofmt -r, so comments and
#     strings are untouched by the rewrite; comment mentions are fixed by a sed after);
#   - phone/control's own files lose the qualifier.
#
# It changes nothing but names: run it on a clean tree (all helpers' work committed), then
# `go build ./... && go vet ./... && go test ./...`, read `git diff --stat`, and commit.
# It stops before touching anything if the tree has no phone/event or a file it would
# rewrite declares its own identifier named event or control; it fails at the end (the
# compiler's "redeclared") if both packages declare a name.
#
# Usage: scripts/dev/move-event-into-control.sh  (from anywhere inside the repository)
set -euo pipefail

cd "$(git rev-parse --show-toplevel)"
ev=phone/event
ctl=phone/control
[ -f "$ev/event.go" ] || { echo "move-event-into-control: $ev/event.go not found (moved already?)" >&2; exit 1; }

mapfile -t users < <(git grep -l '"softphone/phone/event"' -- '*.go' ":!$ev")

# A local identifier named event (a variable, parameter) would be rewritten with the
# package; one named control would shadow the package after the rewrite.
bad=$(grep -nE '(^|[^[:alnum:]_."])(event|control)([[:space:]]*,[[:space:]]*[[:alnum:]_]+)*[[:space:]]*:=|func[^{]*[(,][[:space:]]*(event|control)[[:space:]]+[^,)[:space:]]|^[[:space:]]*var[[:space:]]+(event|control)[[:space:]]' "${users[@]}" || true)
if [ -n "$bad" ]; then
	echo "move-event-into-control: these lines declare an identifier named event or control; rename it first:" >&2
	echo "$bad" >&2
	exit 1
fi

# 1. Move the package.
git mv $ev/event.go $ctl/event.go
git mv $ev/notification.go $ctl/notification.go
git mv $ev/notification_test.go $ctl/notification_test.go
rmdir $ev 2>/dev/null || true
sed -i 's/^package event$/package control/' $ctl/event.go $ctl/notification.go $ctl/notification_test.go
# event.go's package comment joins control.go's package doc.
sed -i '/^\/\/ Package event holds/,/^package control$/{/^\/\//d}' $ctl/event.go
sed -i 's|^// window, the control API): one interface, so both speak to the phone the same way\.$|&\
// It also holds the immutable snapshots the phone publishes (Event): line and registration\
// state, call detail records and user-facing notices, each with its seed-format notification\
// line.|' $ctl/control.go
# Drop the duplicate call directions (the block from its comment to its closing paren).
sed -i '/^\/\/ Call directions, the seed.s endpointtype\.$/,/^)$/d' $ctl/event.go
sed -i 's/Direction: Incoming\b/Direction: DirectionIncoming/g; s/Direction: Outgoing\b/Direction: DirectionOutgoing/g' $ctl/notification_test.go

# 2. Rewrite the users (gofmt -r rewrites code only, never comments or strings).
if [ ${#users[@]} -gt 0 ]; then
	gofmt -r 'event.Outgoing -> control.DirectionOutgoing' -w "${users[@]}"
	gofmt -r 'event.Incoming -> control.DirectionIncoming' -w "${users[@]}"
	gofmt -r 'event.x -> control.x' -w "${users[@]}"
	for f in "${users[@]}"; do
		case "$f" in
		$ctl/*_test.go | $ctl/*.go)
			if grep -q '^package control$' "$f"; then
				# Inside the package: no qualifier, no import.
				gofmt -r 'control.x -> x' -w "$f"
				sed -i '/^\t"softphone\/phone\/event"$/d; /^import "softphone\/phone\/event"$/d' "$f"
				continue
			fi
			;;
		esac
		if grep -q '"softphone/phone/control"' "$f"; then
			sed -i '/^\t"softphone\/phone\/event"$/d; /^import "softphone\/phone\/event"$/d' "$f"
		else
			sed -i 's|"softphone/phone/event"|"softphone/phone/control"|' "$f"
		fi
	done
	mapfile -t outside < <(printf '%s\n' "${users[@]}" | grep -v "^$ctl/" || true)
	gofmt -w $ctl ${outside[@]+"${outside[@]}"}
fi

# 3. Comments anywhere naming event's identifiers (as of this move) name control's.
names='Kind|State|Reg|Line|Registration|CDR|Event|Status|Chat|Presence|MWI|Parameter|NoticeLine|DTMFLine'
mapfile -t mentions < <(git grep -lE "//.*(^|[^[:alnum:]_.])event\.[A-Z]" -- '*.go' || true)
if [ ${#mentions[@]} -gt 0 ]; then
	perl -pi -e '
		1 while s{(//.*?)(?<![\w.])event\.(Outgoing|Incoming)\b}{$1control.Direction$2};
		1 while s{(//.*?)(?<![\w.])event\.((?:'"$names"')\w*)}{$1control.$2};
	' "${mentions[@]}"
fi

# A name both packages declared shows here as "redeclared in this block".
go build ./$ctl
echo "move-event-into-control: moved $ev into $ctl; ${#users[@]} files rewritten."
echo "Next: go build ./... && go vet ./... && go test ./...; then review git diff --stat and commit."
