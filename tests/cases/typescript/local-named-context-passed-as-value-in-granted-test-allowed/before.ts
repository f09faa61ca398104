// ky's test/context.ts (90c6d00c): a local named like mocha's `context`, passed on.
import test from 'ava';

test('context is passed to hooks', async t => {
	const context = {foo: 'bar'};
	let calls = 0;
	const hook = ({options}: {options: {context: object}}) => {
		calls++;
	};
	hook({options: {context}});
	t.is(calls, 1);
});
