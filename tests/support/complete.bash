# bash --norc --noprofile complete.bash SCRIPT LINE
# Sources the completion SCRIPT, then asks the function it registered for
# auth0-tok what bash would ask for at the end of LINE (as readline does on
# <Tab>); prints COMPREPLY, one match a line.
set -u
source "$1" || exit 3
line=$2
read -ra COMP_WORDS <<<"$line"
[[ $line == *' ' ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
spec=$(complete -p auth0-tok) || exit 4
[[ $spec =~ -F\ ([^ ]+) ]] || exit 5
COMPREPLY=()
"${BASH_REMATCH[1]}" auth0-tok "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
printf '%s\n' "${COMPREPLY[@]}"
