# kagama-epub.bash - bash completion for kagama-epub; the options are read from its --help.
# Sourced by bash (installed as share/bash-completion/completions/kagama-epub); tests/man-help.sh checks it.

# Reads the --help of the kagama-epub at $1 into _kagama_epub_options (long options, "--name="
# for those written --name=VALUE) and _kagama_epub_valued (" -o --output ... ": the options that
# take a value).  --help is read at every completion, so a rebuilt binary is never out of step.
_kagama_epub_read_help()
{
	local line short long separator
	local re='^ +(-([a-zA-Z]), )?(--[a-z][a-z-]*)(([ =])[A-Z]+)?'

	_kagama_epub_options=()
	_kagama_epub_valued=' '
	while IFS= read -r line; do
		[[ $line =~ $re ]] || continue
		short=${BASH_REMATCH[2]} long=${BASH_REMATCH[3]} separator=${BASH_REMATCH[5]}
		if [[ $separator == = ]]; then
			_kagama_epub_options+=("$long=")
		else
			_kagama_epub_options+=("$long")
		fi
		if [[ -n $separator ]]; then
			_kagama_epub_valued+="$long "
			[[ -n $short ]] && _kagama_epub_valued+="-$short "
		fi
	done < <("$1" --help 2>/dev/null)
}

# The value of option $1 (without any "--name=" prefix): what it names decides what is offered.
_kagama_epub_value()
{
	local option=$1 cur=$2

	case $option in
	-o|--output|--config)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	--templates|--init|--cache)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	--missing-images)
		mapfile -t COMPREPLY < <(compgen -W 'error warn' -- "$cur")
		;;
	-W)	# no-CLASS or CLASS=LEVEL, the classes read from --list-warnings
		local classes class words=()
		classes=$("$bin" --list-warnings 2>/dev/null | cut -d' ' -f1)
		for class in $classes; do
			words+=("no-$class" "$class=off" "$class=note" "$class=warn" "$class=error")
		done
		mapfile -t COMPREPLY < <(compgen -W "${words[*]}" -- "$cur")
		;;
	*)
		COMPREPLY=()	# free text or a number: nothing to offer
		;;
	esac
}

_kagama_epub()
{
	local bin=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev='' option prefix='' i

	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# shellcheck disable=SC2088 # a "~/" typed on the line is not expanded in COMP_WORDS
	[[ $bin == "~/"* ]] && bin=$HOME/${bin#"~/"}
	_kagama_epub_read_help "$bin"
	((${#_kagama_epub_options[@]} == 0)) && bin=kagama-epub && _kagama_epub_read_help "$bin"
	_kagama_epub_valued+='-W '

	# With "=" in COMP_WORDBREAKS (the default) "--name=value" arrives as three words.
	if [[ $cur == = ]]; then
		option=$prev cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		option=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		option=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}
	elif [[ $_kagama_epub_valued == *" $prev "* ]]; then
		option=$prev
	fi
	if [[ -n ${option-} ]]; then
		_kagama_epub_value "$option" "$cur"
		for i in "${!COMPREPLY[@]}"; do
			COMPREPLY[i]=$prefix${COMPREPLY[i]}
		done
		return 0
	fi
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "${_kagama_epub_options[*]}" -- "$cur")
		[[ ${#COMPREPLY[@]} == 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	# The input: a folder of articles.
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -d -- "$cur")
	return 0
}

complete -F _kagama_epub kagama-epub
