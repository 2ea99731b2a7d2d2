# zsh -f complete.zsh DIR OUT LINE
# Types LINE and <Tab> into an interactive zsh on a pseudo-terminal (zpty)
# with DIR (holding _auth0-tok) on its fpath; its compadd appends every match
# it is offered to OUT, one a line, and the completion ends with <<done>>.
zmodload zsh/zpty || { print -u2 'zsh/zpty is missing'; exit 3 }
dir=$1 out=$2 line=$3
: >$out
zpty -b comp zsh -f -i
zpty -w comp "PS1= PROMPT= RPROMPT=; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w comp "compadd() { local -a __m; builtin compadd -A __m \"\$@\"; print -rl -- \$__m >>${(q)out}; builtin compadd \"\$@\" }"
zpty -w comp "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no"
zpty -w comp "__done() { print -r -- '<<done>>' >>${(q)out}; exit }; comppostfuncs=(__done)"
zpty -w comp "bindkey '^I' complete-word"
zpty -w -n comp "$line"$'\t'
for i in {1..400}; do
  zpty -r -t comp junk 2>/dev/null
  grep -q '<<done>>' $out && break
  sleep 0.05
done
zpty -d comp
grep -q '<<done>>' $out || { print -u2 'zsh did not complete'; exit 4 }
