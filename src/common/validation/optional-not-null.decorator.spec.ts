import { IsString, validate } from 'class-validator';
import { OptionalNotNull } from './optional-not-null.decorator';

class Subject {
  @OptionalNotNull()
  @IsString()
  name?: unknown;
}

function subjectWith(name: unknown): Subject {
  const subject = new Subject();
  subject.name = name;
  return subject;
}

describe(OptionalNotNull.name, () => {
  it('skips validation when the property is omitted', async () => {
    await expect(validate(new Subject())).resolves.toHaveLength(0);
  });

  it('validates null like any other value', async () => {
    await expect(validate(subjectWith(null))).resolves.toHaveLength(1);
  });

  it('validates present values', async () => {
    await expect(validate(subjectWith('ada'))).resolves.toHaveLength(0);
  });
});
