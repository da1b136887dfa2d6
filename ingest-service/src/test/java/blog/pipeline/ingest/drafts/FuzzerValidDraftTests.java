package blog.pipeline.ingest.drafts;

import java.util.List;
import java.util.Map;
import java.util.Set;

import blog.pipeline.ingest.fuzz.RequestFuzzer;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.validation.beanvalidation.SpringConstraintValidatorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer's "valid" drafts are the base every hostile request mutates, and {@link ApiFuzzTests} first creates real
 * posts from them: they must pass every rule for any seed, or the fuzz run fails on a seed rather than on a bug.
 */
class FuzzerValidDraftTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void validDraftsPassEveryRuleForThousandsOfSeeds() {
		try (ValidatorFactory factory = Validation.byDefaultProvider()
			.configure()
			.constraintValidatorFactory(new SpringConstraintValidatorFactory(new DefaultListableBeanFactory()))
			.buildValidatorFactory()) {
			Validator validator = factory.getValidator();
			for (long seed = 0; seed < 5_000; seed++) {
				Map<String, Object> draft = new RequestFuzzer(seed, "token", List::of).validDraft();
				draft.put("slug", "fuzz-target");
				DraftRequest request = JSON.convertValue(draft, DraftRequest.class);
				Set<ConstraintViolation<DraftRequest>> violations = validator.validate(request);
				assertThat(violations).as("seed %d: %s", seed, draft).isEmpty();
			}
		}
	}

}
